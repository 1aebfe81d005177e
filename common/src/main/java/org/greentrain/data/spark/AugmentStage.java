package org.greentrain.data.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.DataOptimizer;
import org.greentrain.data.Normalize;
import org.greentrain.data.SourceData;
import org.greentrain.data.StoredPixels;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;

/**
 * Stage 1: read and validate the training split (rejects to the rejects table), optimise it when
 * configured, augment it, write the training shards.
 */
public final class AugmentStage {

  public static final String STAGE = "augment";

  private final RunContext ctx;

  public AugmentStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public StageOutcome run() {
    SourceData train = readSplit(ctx, "train");
    long recordsIn = train.recordsRead();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("rejected_records", (double) train.rejects().size());
    StringBuilder notes = new StringBuilder(rejectNote(train));
    if (ctx.config().data().optimize().isActive()) {
      train = optimise(train, metrics, notes);
    }
    long rows = writeAugmented(train);
    return new StageOutcome(recordsIn, rows, null, null, metrics, notes.toString());
  }

  /** Applies data.optimize; records what it removed in {@code metrics} and {@code notes}. */
  private SourceData optimise(SourceData train, Map<String, Double> metrics, StringBuilder notes) {
    GreenTrainConfig c = ctx.config();
    long t0 = System.nanoTime();
    DataOptimizer.Result r =
        new DataOptimizer(c.data().optimize(), c.data().numClasses(), c.run().seed()).apply(train);
    String summary = r.summary(train.images().count());
    ctx.out().printf(Locale.ROOT, "      %s (%.1f s)%n", summary, (System.nanoTime() - t0) / 1e9);
    metrics.put("removed_exact_duplicates", (double) r.exactDuplicates());
    metrics.put("removed_near_duplicates", (double) r.nearDuplicates());
    metrics.put("removed_by_subsampling", (double) r.subsampled());
    notes.append(notes.length() == 0 ? "" : "; ").append(summary);
    return r.kept();
  }

  /** Writes the augmented shards to a temporary directory, then renames it; returns the rows. */
  private long writeAugmented(SourceData train) {
    GreenTrainConfig c = ctx.config();
    Path out = ctx.warehouse().augmented(ctx.runId());
    Path tmp = new Path(out.getParent(), ".augmented.tmp-" + UUID.randomUUID());
    long rows;
    try {
      rows =
          new AugmentedTable(
                  AugmentPipelines.fromConfig(c.augment()),
                  c.augment().copies(),
                  c.augment().shards(),
                  c.run().seed())
              .write(
                  ctx.spark(),
                  train.images(),
                  train.recordIds(),
                  tmp.toString(),
                  AugmentedTable.defaultPartitions(
                      train.images().count(), ctx.spark().sparkContext().defaultParallelism()));
    } catch (RuntimeException e) {
      ctx.files().deleteRecursively(tmp);
      throw e;
    }
    ctx.files().deleteRecursively(out);
    ctx.files().rename(tmp, out);
    return rows;
  }

  /** The normalisation the augmented table stores for the trainer under this config. */
  public static Normalize normalisation(GreenTrainConfig c) {
    return StoredPixels.split(AugmentPipelines.fromConfig(c.augment())).normalize();
  }

  /**
   * Reads one split, writes its rejects to the rejects table (so they can be inspected even when
   * there are too many), then applies data.max-reject-fraction.
   */
  public static SourceData readSplit(RunContext ctx, String split) {
    SourceData read = SourceReader.readUnchecked(ctx.spark(), ctx.config().data(), split);
    new RejectsTable(ctx.spark(), ctx.warehouse().table("rejects"))
        .write(ctx.run().runDate(), ctx.runId(), split, read.source(), read.rejects());
    if (!read.rejects().isEmpty()) {
      ctx.out().printf(Locale.ROOT, "      %s split: %s%n", split, rejectNote(read));
    }
    return read.checkRejects(ctx.config().data().maxRejectFraction());
  }

  /** The stage note on a split's rejects, empty when there are none. */
  public static String rejectNote(SourceData d) {
    if (d.rejects().isEmpty()) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "%d of %d records rejected (%.2f%%), see tables/rejects",
        d.rejects().size(),
        d.recordsRead(),
        100 * d.rejectFraction());
  }
}
