package org.greentrain.jobs;

import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.spark.AugmentedTable;
import org.greentrain.data.spark.IdxSource;
import org.greentrain.data.LabeledImages;

/** Stage 1: read and validate the training split, augment it, write the training shards. */
final class AugmentJob {

  static final String STAGE = "augment";

  private AugmentJob() {}

  static StageOutcome run(RunContext ctx) {
    GreenTrainConfig c = ctx.config;
    LabeledImages train =
        IdxSource.read(
            ctx.spark.sparkContext().hadoopConfiguration(), c.data(), "train");
    Path out = ctx.warehouse.augmented(ctx.runId());
    Path tmp = new Path(out.getParent(), ".augmented.tmp-" + UUID.randomUUID());
    long rows;
    try {
      rows =
          new AugmentedTable(
                  AugmentPipelines.fromConfig(c.augment()),
                  c.augment().copies(),
                  c.augment().shards(),
                  c.run().seed())
              .write(ctx.spark, train, tmp.toString());
    } catch (RuntimeException e) {
      ctx.files.deleteRecursively(tmp);
      throw e;
    }
    ctx.files.deleteRecursively(out);
    ctx.files.rename(tmp, out);
    return new StageOutcome((long) train.count(), rows, null, null, Map.of());
  }
}
