package org.greentrain.data.spark;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.AugmentConfig;
import org.greentrain.config.ConfigKeys;
import org.greentrain.config.DataConfig;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.AugmentPipelines;
import org.greentrain.data.DataOptimizer;
import org.greentrain.data.Normalize;
import org.greentrain.data.SplitSummary;
import org.greentrain.error.UserError;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.store.StageReport;

/**
 * Stage 1: read and validate the training split (rejects to the rejects table), optimise it when
 * configured, augment it, write the training shards. The split is read and augmented in Spark tasks
 * and stays there ({@link DistributedSplit}): the driver holds file lists, counts, rejects and
 * statistics, and with data.optimize the records' keys, never the pixels.
 */
public final class AugmentStage {

  public static final String STAGE = "augment";

  /**
   * The stage-report metric with the resolved channel count, which {@link RunContext#modelSpec()}
   * reads; equal to {@link RunContext#CHANNELS_METRIC}.
   */
  public static final String CHANNELS = RunContext.CHANNELS_METRIC;

  /** Stage-report metrics of the normalisation, with the channel appended: normalize_mean_0. */
  static final String NORMALIZE_MEAN = "normalize_mean_";

  static final String NORMALIZE_STD = "normalize_std_";

  private final RunContext ctx;

  public AugmentStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public StageOutcome run() {
    int channels =
        DataSources.channels(ctx.spark().sparkContext().hadoopConfiguration(), ctx.config().data());
    boolean optimise = ctx.config().data().optimize().isActive();
    try (DistributedSplit train =
        DistributedSplit.read(
            ctx.spark(), ctx.config().data().withChannels(channels), "train", optimise)) {
      SplitSummary summary = recordRejects(ctx, train.summary());
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("rejected_records", (double) summary.rejects().size());
      StringBuilder notes = new StringBuilder(summary.rejectNote());
      reportChannels(channels, summary, metrics, notes);
      long[] kept = null;
      long images = summary.images();
      if (optimise) {
        kept = optimise(train, metrics, notes);
        images = kept.length;
      }
      Normalize normalize = resolveNormalisation(train, kept, channels, metrics);
      long rows = writeAugmented(train, kept, images, normalize);
      return new StageOutcome(summary.recordsRead(), rows, null, null, metrics, notes.toString());
    }
  }

  /**
   * Prints and records the channels the model will see and every conversion made to get them
   * (metrics {@value #CHANNELS}, converted_to_grey, expanded_to_rgb): a conversion is never silent.
   */
  private void reportChannels(
      int channels, SplitSummary train, Map<String, Double> metrics, StringBuilder notes) {
    boolean fromSource = ctx.config().data().channels() == DataConfig.CHANNELS_FROM_SOURCE;
    String line =
        String.format(
            Locale.ROOT,
            "%d channel%s (%s, %s)",
            channels,
            channels == 1 ? "" : "s",
            channels == 1 ? "grey" : "RGB",
            fromSource ? "from the source" : ConfigKeys.DATA_CHANNELS);
    String conversions = train.conversionNote();
    if (!conversions.isEmpty()) {
      line += ": " + conversions;
      notes.append(notes.length() == 0 ? "" : "; ").append(conversions);
    }
    ctx.out().printf(Locale.ROOT, "      train split: %s%n", line);
    metrics.put(CHANNELS, (double) channels);
    metrics.put("converted_to_grey", (double) train.convertedToGrey());
    metrics.put("expanded_to_rgb", (double) train.expandedToRgb());
  }

  /**
   * The configured normalisation, or, when {@code augment.normalize-mean} is [], the one computed
   * on the kept records of the training split (summed in the tasks); printed and recorded per
   * channel.
   */
  private Normalize resolveNormalisation(
      DistributedSplit train, long[] kept, int channels, Map<String, Double> metrics) {
    AugmentConfig a = ctx.config().augment();
    Normalize normalize =
        a.computesNormalisation()
            ? train.channelStats(kept, channels).normalize()
            : AugmentPipelines.configured(a);
    if (normalize.mean().length != 1 && normalize.mean().length != channels) {
      throw new UserError(
          "Invalid "
              + ConfigKeys.AUGMENT_NORMALIZE_MEAN
              + ": "
              + a.normalizeMean()
              + " has "
              + normalize.mean().length
              + " values for images of "
              + channels
              + " channels (give one, one per channel, or [] to compute them)");
    }
    for (int c = 0; c < channels; c++) {
      metrics.put(NORMALIZE_MEAN + c, (double) normalize.mean(c));
      metrics.put(NORMALIZE_STD + c, (double) normalize.std(c));
    }
    if (a.computesNormalisation()) {
      ctx.out()
          .printf(
              Locale.ROOT,
              "      normalisation computed on the training split: mean %s, std %s%n",
              Arrays.toString(normalize.mean()),
              Arrays.toString(normalize.std()));
    }
    return normalize;
  }

  /**
   * Applies data.optimize, deciding on the driver from the records' keys; records what it removed
   * in {@code metrics} and {@code notes} and returns the kept record ids.
   */
  private long[] optimise(
      DistributedSplit train, Map<String, Double> metrics, StringBuilder notes) {
    GreenTrainConfig c = ctx.config();
    long t0 = System.nanoTime();
    DataOptimizer.Decision r =
        new DataOptimizer(c.data().optimize(), c.data().numClasses(), c.run().seed())
            .decide(train.keys());
    String summary = r.summary(train.keys().count());
    ctx.out().printf(Locale.ROOT, "      %s (%.1f s)%n", summary, (System.nanoTime() - t0) / 1e9);
    metrics.put("removed_exact_duplicates", (double) r.exactDuplicates());
    metrics.put("removed_near_duplicates", (double) r.nearDuplicates());
    metrics.put("removed_by_subsampling", (double) r.subsampled());
    notes.append(notes.length() == 0 ? "" : "; ").append(summary);
    return r.keptRecordIds();
  }

  /**
   * Augments the kept records where the tasks hold them, into a temporary directory, then renames
   * it into place; returns the rows.
   */
  private long writeAugmented(
      DistributedSplit train, long[] kept, long images, Normalize normalize) {
    GreenTrainConfig c = ctx.config();
    Path out = ctx.warehouse().augmented(ctx.runId());
    Path tmp = new Path(out.getParent(), ".augmented.tmp-" + UUID.randomUUID());
    long rows;
    try {
      rows =
          new AugmentedTable(
                  AugmentPipelines.fromConfig(c.augment(), normalize),
                  c.augment().copies(),
                  c.augment().shards(),
                  c.run().seed())
              .write(ctx.spark(), train.parts(kept), images, tmp.toString());
    } catch (RuntimeException e) {
      ctx.files().deleteRecursively(tmp);
      throw e;
    }
    ctx.files().deleteRecursively(out);
    ctx.files().rename(tmp, out);
    return rows;
  }

  /**
   * The normalisation of this run's inputs: the configured one, or, when it is computed ({@code
   * augment.normalize-mean = []}), the one the augment stage recorded in its report.
   */
  public static Normalize normalisation(RunContext ctx) {
    AugmentConfig a = ctx.config().augment();
    if (!a.computesNormalisation()) {
      return AugmentPipelines.configured(a);
    }
    Path report = ctx.warehouse().stageReport(ctx.runId(), STAGE);
    Map<String, Double> metrics =
        ctx.files().exists(report)
            ? ctx.json().read(report, StageReport.class).metrics()
            : Map.of();
    Double channels = metrics.get(CHANNELS);
    if (channels == null || !metrics.containsKey(NORMALIZE_MEAN + "0")) {
      throw new UserError(
          "Cannot normalise the data of run "
              + ctx.runId()
              + ": "
              + ConfigKeys.AUGMENT_NORMALIZE_MEAN
              + " is [] (computed on the training split) and no augment stage report at "
              + report
              + " records it; run `greentrain augment --run-id "
              + ctx.runId()
              + "` first");
    }
    float[] mean = new float[channels.intValue()];
    float[] std = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      mean[c] = metrics.get(NORMALIZE_MEAN + c).floatValue();
      std[c] = metrics.get(NORMALIZE_STD + c).floatValue();
    }
    return new Normalize(mean, std);
  }

  /**
   * Reads one split with {@code channels} channels in Spark tasks, kept there (the evaluation
   * data), writes its rejects to the rejects table and applies data.max-reject-fraction. The caller
   * closes it.
   */
  public static DistributedSplit readSplit(RunContext ctx, String split, int channels) {
    DistributedSplit read =
        DistributedSplit.read(
            ctx.spark(), ctx.config().data().withChannels(channels), split, false);
    try {
      recordRejects(ctx, read.summary());
      return read;
    } catch (RuntimeException e) {
      read.close();
      throw e;
    }
  }

  /**
   * Writes a split's rejects to the rejects table (so they can be inspected even when there are too
   * many) and prints them, then applies data.max-reject-fraction.
   */
  private static SplitSummary recordRejects(RunContext ctx, SplitSummary read) {
    new RejectsTable(ctx.spark(), ctx.warehouse().table(RejectsTable.SCHEMA.name()))
        .write(ctx.run().runDate(), ctx.runId(), read.split(), read.source(), read.rejects());
    if (!read.rejects().isEmpty()) {
      ctx.out().printf(Locale.ROOT, "      %s split: %s%n", read.split(), read.rejectNote());
    }
    read.checkRejects(ctx.config().data().maxRejectFraction());
    return read;
  }
}
