package org.greentrain.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.greentrain.compress.Int8Quantizer;
import org.greentrain.compress.QuantizedModel;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;

/** Stage 3: int8 quantization of the trained model; reports S1/S2. */
final class CompressJob {

  static final String STAGE = "compress";

  private CompressJob() {}

  static StageOutcome run(RunContext ctx) {
    Path fp32 = ctx.warehouse.fp32Model(ctx.runId());
    ctx.require(fp32, "trained model", TrainJob.STAGE);
    ModelWeights weights = readWeights(ctx, fp32);
    QuantizedModel quantized =
        "int8-per-tensor".equals(ctx.config.compress().method())
            ? Int8Quantizer.quantizePerTensor(weights)
            : Int8Quantizer.quantizePerChannel(weights);
    Path int8 = ctx.warehouse.int8Model(ctx.runId());
    ctx.files.writeAtomically(int8, out -> QuantizedModelCodec.write(quantized, out));
    long s1 = ctx.files.length(fp32);
    long s2 = ctx.files.length(int8);
    return new StageOutcome(
        null, null, s2, null,
        Map.of("fp32_bytes", (double) s1, "int8_bytes", (double) s2,
            "compression_ratio", s1 / (double) s2));
  }

  static ModelWeights readWeights(RunContext ctx, Path path) {
    try (InputStream in = ctx.files.open(path)) {
      return ModelWeightsCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  static QuantizedModel readQuantized(RunContext ctx, Path path) {
    try (InputStream in = ctx.files.open(path)) {
      return QuantizedModelCodec.read(in, path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }
}
