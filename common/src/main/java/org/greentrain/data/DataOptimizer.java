package org.greentrain.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
   * Which records the optimisation keeps and how many each step removed.
   *
   * @param keptRecordIds ascending
   * @param nearDuplicateComparisons hash pairs compared to find near duplicates
   */
  public record Decision(
      long[] keptRecordIds,
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
          + keptRecordIds.length
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

  /** The split the optimisation kept, and its decision. */
  public record Result(SourceData kept, Decision decision) {

    public long exactDuplicates() {
      return decision.exactDuplicates();
    }

    public long nearDuplicates() {
      return decision.nearDuplicates();
    }

    public long subsampled() {
      return decision.subsampled();
    }

    public long nearDuplicateComparisons() {
      return decision.nearDuplicateComparisons();
    }

    public long removed() {
      return decision.removed();
    }

    public String summary(long before) {
      return decision.summary(before);
    }
  }

  /** Optimises a split held in memory. */
  public Result apply(SourceData data) {
    Decision d = decide(RecordKeys.of(data));
    long[] ids = data.recordIds();
    int[] keep = new int[d.keptRecordIds().length];
    int j = 0;
    for (int i = 0; i < ids.length && j < keep.length; i++) {
      if (ids[i] == d.keptRecordIds()[j]) {
        keep[j++] = i;
      }
    }
    return new Result(data.select(keep), d);
  }

  /** Decides from the records' keys alone (the pixels may be anywhere). */
  public Decision decide(RecordKeys keys) {
    RecordKeys current = keys;
    long exact = 0;
    long near = 0;
    long subsampled = 0;
    long comparisons = 0;
    if (config.exactDuplicates()) {
      int[] keep = withoutExactDuplicates(current);
      exact = current.count() - keep.length;
      current = current.select(keep);
    }
    if (config.nearDuplicates()) {
      NearDuplicateIndex index = new NearDuplicateIndex(config.nearDuplicateMaxBits());
      int[] keep = withoutNearDuplicates(current, index);
      near = current.count() - keep.length;
      comparisons = index.comparisons();
      current = current.select(keep);
    }
    if (config.balancedFraction() < 1) {
      int[] keep = balancedSubsample(current, config.balancedFraction(), numClasses, seed);
      subsampled = current.count() - keep.length;
      current = current.select(keep);
    }
    return new Decision(current.recordIds(), exact, near, subsampled, comparisons);
  }

  /** Indices of the records whose pixels (their 128-bit hash) no earlier record has. */
  static int[] withoutExactDuplicates(RecordKeys keys) {
    Set<Content> seen = new HashSet<>();
    int[] keep = new int[keys.count()];
    int kept = 0;
    for (int i = 0; i < keys.count(); i++) {
      if (seen.add(new Content(keys.contentHigh()[i], keys.contentLow()[i]))) {
        keep[kept++] = i;
      }
    }
    return Arrays.copyOf(keep, kept);
  }

  private record Content(long high, long low) {}

  /** Indices of the records with no earlier kept record within the index's Hamming threshold. */
  static int[] withoutNearDuplicates(RecordKeys keys, NearDuplicateIndex index) {
    int[] keep = new int[keys.count()];
    int kept = 0;
    for (int i = 0; i < keys.count(); i++) {
      long h = keys.differenceHash()[i];
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
  static int[] balancedSubsample(RecordKeys keys, double fraction, int numClasses, long seed) {
    long target = Math.round(fraction * keys.count());
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < numClasses; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < keys.count(); i++) {
      byClass.get(keys.label(i)).add(i);
    }
    long[] ids = keys.recordIds();
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
}
