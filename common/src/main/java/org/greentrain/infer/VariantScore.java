package org.greentrain.infer;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What scoring one model on the test set measured, merged over its Spark tasks.
 *
 * @param counts confusion counts
 * @param batchMillis wall milliseconds of every forward batch, as the tasks measured them on their
 *     executors; all of them are kept (a 10,000-image test set at batch size 256 gives about 40),
 *     so percentiles are exact rather than estimated from a histogram
 * @param cpuSeconds CPU time of the scoring task threads, model loading included
 */
public record VariantScore(EvaluationCounts counts, List<Double> batchMillis, double cpuSeconds)
    implements Serializable {

  public VariantScore merge(VariantScore other) {
    List<Double> all = new ArrayList<>(batchMillis);
    all.addAll(other.batchMillis);
    return new VariantScore(counts.merge(other.counts), all, cpuSeconds + other.cpuSeconds);
  }

  /**
   * The {@code p}-th percentile of the batch latencies by the nearest-rank method: the smallest
   * latency that at least {@code p} percent of the batches do not exceed. NaN without batches.
   */
  public double latencyPercentileMillis(double p) {
    if (batchMillis.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(batchMillis);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }
}
