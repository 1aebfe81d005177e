package org.greentrain.compress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;

/**
 * Global unstructured magnitude pruning: the weights of smallest absolute value across all prunable
 * tensors are set to zero until the target sparsity is reached. Prunable tensors are weights (rank
 * 2 or more); biases and other vectors are never pruned, and the first weight tensor can be
 * exempted because the input layer is small and sensitive.
 *
 * <p>One global threshold rather than one per layer lets layers with many redundant weights give up
 * more of them. Ties at the threshold are broken by position in model order (earlier first), so the
 * same weights always give the same mask. Stateless and thread-safe.
 */
public final class MagnitudePruner {

  private MagnitudePruner() {}

  /**
   * Pruned weights together with their mask.
   *
   * @param weights the input weights with every pruned position set to zero
   * @param mask the pruned positions, to keep at zero while fine-tuning
   */
  public record Result(ModelWeights weights, PruningMask mask) {}

  /**
   * Prunes every weight tensor, the first included; see {@link #prune(ModelWeights, double,
   * boolean)}.
   */
  public static Result prune(ModelWeights weights, double sparsity) {
    return prune(weights, sparsity, false);
  }

  /**
   * Sets the {@code round(sparsity * n)} smallest-magnitude prunable weights to zero, where n is
   * the number of prunable weights. Weights that are already zero count among the smallest, so
   * pruning a pruned model again to a higher sparsity keeps the earlier mask.
   *
   * @param sparsity fraction of prunable weights to remove, in [0, 1)
   * @param exemptFirstLayer whether the first weight tensor in model order is left whole
   * @throws IllegalArgumentException if {@code sparsity} is out of range or a value is not finite
   */
  public static Result prune(ModelWeights weights, double sparsity, boolean exemptFirstLayer) {
    if (!(sparsity >= 0 && sparsity < 1)) {
      throw new IllegalArgumentException(
          "Cannot prune model: sparsity must be in [0, 1), got " + sparsity);
    }
    List<NamedTensor> tensors = weights.tensors();
    boolean[] prunable = prunableTensors(tensors, exemptFirstLayer);
    long[] offsets = new long[tensors.size()];
    long total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      offsets[i] = total;
      if (prunable[i]) {
        requireFinite(tensors.get(i));
        total += tensors.get(i).size();
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Cannot prune model: " + total + " prunable weights exceed " + Integer.MAX_VALUE);
    }
    long[] keys = new long[(int) total];
    for (int i = 0; i < tensors.size(); i++) {
      if (prunable[i]) {
        float[] values = tensors.get(i).values();
        for (int j = 0; j < values.length; j++) {
          keys[(int) offsets[i] + j] = key(values[j], offsets[i] + j);
        }
      }
    }
    // Sorting (magnitude, position) pairs decides ties by position, hence deterministically.
    Arrays.sort(keys);
    int count = (int) Math.round(sparsity * total);
    List<BitSet> pruned = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      pruned.add(new BitSet(tensors.get(i).size()));
    }
    for (int k = 0; k < count; k++) {
      long position = keys[k] & 0xffffffffL;
      int tensor = tensorAt(offsets, prunable, position);
      pruned.get(tensor).set((int) (position - offsets[tensor]));
    }
    PruningMask mask = new PruningMask(tensors, pruned);
    return new Result(mask.apply(weights), mask);
  }

  private static boolean[] prunableTensors(List<NamedTensor> tensors, boolean exemptFirstLayer) {
    boolean[] prunable = new boolean[tensors.size()];
    boolean firstSeen = false;
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).isWeight()) {
        prunable[i] = !(exemptFirstLayer && !firstSeen);
        firstSeen = true;
      }
    }
    return prunable;
  }

  /**
   * Magnitude in the high 32 bits, position in the low 32. The bit pattern of a non-negative float
   * orders like its value, so sorting the longs sorts by magnitude, then position.
   */
  private static long key(float value, long position) {
    return ((long) Float.floatToRawIntBits(Math.abs(value)) << 32) | position;
  }

  private static int tensorAt(long[] offsets, boolean[] prunable, long position) {
    int found = -1;
    for (int i = 0; i < offsets.length; i++) {
      if (prunable[i] && offsets[i] <= position) {
        found = i;
      }
    }
    return found;
  }

  private static void requireFinite(NamedTensor t) {
    float[] values = t.values();
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "Cannot prune tensor " + t.name() + ": value at index " + i + " is " + values[i]);
      }
    }
  }
}
