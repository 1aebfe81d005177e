import java.io.*;
import java.nio.file.*;
import org.greentrain.model.*;
import org.greentrain.compress.*;

/** Sizes of a run's model files re-encoded with each compressor: bench/CodecSizes.java <model dir> <variants,...> (run with the jar and Spark class path; see docs/compression.md). */
public class CodecSizes {
  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    ModelWeights fp32;
    try (InputStream in = Files.newInputStream(dir.resolve("model-fp32.gtm"))) {
      fp32 = ModelWeightsCodec.read(in, "fp32");
    }
    for (String v : a[1].split(",")) {
      CompressionVariant variant = CompressionVariant.parse(v);
      byte[] file = Files.readAllBytes(dir.resolve(variant.fileName()));
      for (TensorFileFormat.Compressor c : TensorFileFormat.Compressor.values()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        ModelWeightsCodec.write(fp32, f, c);
        if (variant.isQuantized()) {
          QuantizedModel q = QuantizedModelCodec.read(new ByteArrayInputStream(file), v);
          QuantizedModelCodec.write(q, out, c);
        } else {
          ModelWeights w = ModelWeightsCodec.read(new ByteArrayInputStream(file), v);
          ModelWeightsCodec.write(w, out, c);
        }
        System.out.printf("%s %s: fp32 %d bytes, variant %d bytes, S1/S2 %.3f%n", v, c.configName(), f.size(), out.size(), f.size() / (double) out.size());
      }
    }
  }
}
