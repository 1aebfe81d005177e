package org.greentrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.greentrain.config.OptimizeConfig;

/**
 * The data lever: removes exact duplicates, then near duplicates, then subsamples to a fraction
 * with the same number of records per class. Every step keeps records in record-id order and
 * decides by record id and seed alone, so the outcome does not depend on how the data was read.
 */
public final class DataOptimizer {

  private static final long SUBSAMPLE_SALT = 0x5AB5A3B1EL;

  private final OptimizeConfig config;
  private final int numClasses;
  private final long seed;

  public DataOptimizer(OptimizeConfig config, int numClasses, long seed) {
    this.config = config;
    this.numClasses = numClasses;
    this.seed = seed;
  }

  /**
   * What the optimisation kept and how many records each step removed.
   *
   * @param nearDuplicateComparisons hash pairs compared to find near duplicates
   */
  public record Result(
      SourceData kept,
      long exactDuplicates,
      long nearDuplicates,
      long subsampled,
      long nearDuplicateComparisons) {

    public long removed() {
      return exactDuplicates + nearDuplicates + subsampled;
    }

    /** One line for logs and the stage notes. */
    public String summary(long before) {
      return "optimise kept "
          + kept.images().count()
          + " of "
          + before
          + ": removed "
          + exactDuplicates
          + " exact duplicates, "
          + nearDuplicates
          + " near duplicates, "
          + subsampled
          + " by balanced subsampling";
    }
  }

  public Result apply(SourceData data) {
    SourceData current = data;
    long exact = 0;
    long near = 0;
    long subsampled = 0;
    long comparisons = 0;
    if (config.exactDuplicates()) {
      int[] keep = withoutExactDuplicates(current.images());
      exact = current.images().count() - keep.length;
      current = current.select(keep);
    }
    if (config.nearDuplicates()) {
      NearDuplicateIndex index = new NearDuplicateIndex(config.nearDuplicateMaxBits());
      int[] keep = withoutNearDuplicates(current.images(), index);
      near = current.images().count() - keep.length;
      comparisons = index.comparisons();
      current = current.select(keep);
    }
    if (config.balancedFraction() < 1) {
      int[] keep = balancedSubsample(current, config.balancedFraction(), numClasses, seed);
      subsampled = current.images().count() - keep.length;
      current = current.select(keep);
    }
    return new Result(current, exact, near, subsampled, comparisons);
  }

  /** Indices of the images whose pixels no earlier image has. */
  static int[] withoutExactDuplicates(LabeledImages images) {
    int size = images.imageSize();
    byte[] px = images.pixels();
    Map<Long, List<Integer>> byHash = new HashMap<>();
    int[] keep = new int[images.count()];
    int kept = 0;
    for (int i = 0; i < images.count(); i++) {
      int from = i * size;
      List<Integer> same = byHash.computeIfAbsent(hash(px, from, size), k -> new ArrayList<>(1));
      boolean duplicate = false;
      for (int j : same) {
        // The hash only narrows the search; equal pixels decide.
        if (Arrays.equals(px, from, from + size, px, j * size, j * size + size)) {
          duplicate = true;
          break;
        }
      }
      if (!duplicate) {
        same.add(i);
        keep[kept++] = i;
      }
    }
    return Arrays.copyOf(keep, kept);
  }

  /** Indices of the images with no earlier kept image within the index's Hamming threshold. */
  static int[] withoutNearDuplicates(LabeledImages images, NearDuplicateIndex index) {
    int size = images.imageSize();
    int[] keep = new int[images.count()];
    int kept = 0;
    for (int i = 0; i < images.count(); i++) {
      long h = DifferenceHash.of(images.pixels(), i * size, images.rows(), images.cols());
      if (!index.hasNear(h)) {
        index.add(h);
        keep[kept++] = i;
      }
    }
    return Arrays.copyOf(keep, kept);
  }

  /**
   * Indices of round(fraction x count) records, the same number per class (the first classes take
   * one more when it does not divide; a class with fewer records keeps them all), chosen by a hash
   * of (seed, record id), in ascending order.
   */
  static int[] balancedSubsample(SourceData data, double fraction, int numClasses, long seed) {
    LabeledImages images = data.images();
    long target = Math.round(fraction * images.count());
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < images.count(); i++) {
      byClass.get(images.label(i)).add(i);
    }
    long[] ids = data.recordIds();
    List<Integer> keep = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      long quota = target / numClasses + (c < target % numClasses ? 1 : 0);
      List<Integer> members = byClass.get(c);
      members.sort(
          Comparator.<Integer>comparingLong(i -> Seeds.mix(seed ^ SUBSAMPLE_SALT, ids[i]))
              .thenComparingLong(i -> ids[i]));
      keep.addAll(members.subList(0, (int) Math.min(quota, members.size())));
    }
    return keep.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private static long hash(byte[] px, int from, int size) {
    long h = 0x243F6A8885A308D3L;
    for (int j = 0; j < size; j++) {
      h = (h ^ (px[from + j] & 0xff)) * 0x100000001B3L;
    }
    return Seeds.finalise(h);
  }
}
