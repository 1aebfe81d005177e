package org.greentrain.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.greentrain.config.ConfigKeys;
import org.greentrain.data.Seeds;

/**
 * A seeded, class-stratified hold-out: of every class, the {@code fraction} of its records (rounded
 * to the nearest record) whose seeded hash is smallest. The choice depends only on the seed and the
 * records' ids and labels, not on their order or partitioning.
 */
public final class ValidationSplit {

  /** Mixed into the run seed so the split does not correlate with augmentation randomness. */
  private static final long SALT = 0x76616c6964L;

  private ValidationSplit() {}

  /**
   * The record ids to hold out.
   *
   * @param recordIds ids of the training records, each once
   * @param labels their labels, index for index
   */
  public static Set<Long> heldOut(long[] recordIds, int[] labels, double fraction, long seed) {
    if (recordIds.length != labels.length) {
      throw new IllegalArgumentException(
          "Cannot split: " + recordIds.length + " record ids for " + labels.length + " labels");
    }
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "Invalid " + ConfigKeys.TRAIN_VALIDATION_FRACTION + ": " + fraction);
    }
    Map<Integer, List<Long>> byClass = new TreeMap<>();
    for (int i = 0; i < recordIds.length; i++) {
      byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(recordIds[i]);
    }
    long salted = Seeds.mix(seed, SALT);
    Set<Long> out = new HashSet<>();
    for (List<Long> ids : byClass.values()) {
      ids.sort(
          Comparator.comparingLong((Long id) -> Seeds.mix(salted, id)).thenComparing(id -> id));
      int take = (int) Math.round(fraction * ids.size());
      out.addAll(ids.subList(0, take));
    }
    return out;
  }
}
