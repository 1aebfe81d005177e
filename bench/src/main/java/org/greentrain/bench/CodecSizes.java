package org.greentrain.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.greentrain.compress.CompressionVariant;
import org.greentrain.compress.QuantizedModel;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.TensorFileFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Sizes of a run's model files re-encoded with each compressor (docs/compression.md): reads each
 * variant's artifact and writes it, and the fp32 model, with every {@link
 * TensorFileFormat.Compressor}.
 */
@Command(
    name = "bench-codec-sizes",
    mixinStandardHelpOptions = true,
    description = "Benchmark: model file sizes under each compressor (deflate, zstd).")
final class CodecSizes implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "A run's model directory")
  Path dir;

  @Parameters(
      index = "1",
      arity = "1",
      paramLabel = "VARIANTS",
      split = ",",
      description = "Compression variants, e.g. int8,prune-80+int8")
  List<String> variants;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ModelWeights fp32;
    try (InputStream in = Files.newInputStream(dir.resolve("model-fp32.gtm"))) {
      fp32 = ModelWeightsCodec.read(in, "fp32");
    }
    for (String v : variants) {
      CompressionVariant variant = CompressionVariant.parse(v);
      byte[] file = Files.readAllBytes(dir.resolve(variant.fileName()));
      for (TensorFileFormat.Compressor c : TensorFileFormat.Compressor.values()) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        ModelWeightsCodec.write(fp32, f, c);
        long size = reencodedSize(variant, v, file, c);
        out.printf(
            Locale.ROOT,
            "%s %s: fp32 %d bytes, variant %d bytes, S1/S2 %.3f%n",
            v,
            c.configName(),
            f.size(),
            size,
            f.size() / (double) size);
      }
    }
    return 0;
  }

  private static long reencodedSize(
      CompressionVariant variant, String name, byte[] file, TensorFileFormat.Compressor c)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (variant.isQuantized()) {
      QuantizedModel q = QuantizedModelCodec.read(new ByteArrayInputStream(file), name);
      QuantizedModelCodec.write(q, out, c);
    } else {
      ModelWeights w = ModelWeightsCodec.read(new ByteArrayInputStream(file), name);
      ModelWeightsCodec.write(w, out, c);
    }
    return out.size();
  }
}
