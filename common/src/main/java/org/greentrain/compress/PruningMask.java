package org.greentrain.compress;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;
import org.greentrain.runtime.WeightConstraint;

/**
 * Which weights of a model pruning removed: per tensor, in model order, the positions that must
 * stay exactly zero. Tensors that were not pruned (biases, an exempted first layer) have no pruned
 * position. Built by {@link MagnitudePruner}; immutable and serializable, so it can be broadcast to
 * Spark executors and applied during fine-tuning.
 */
public final class PruningMask implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[] sizes;
  private final BitSet[] pruned;

  PruningMask(List<NamedTensor> tensors, List<BitSet> pruned) {
    if (tensors.size() != pruned.size()) {
      throw new IllegalArgumentException(
          "Cannot create pruning mask: "
              + tensors.size()
              + " tensors but "
              + pruned.size()
              + " masks");
    }
    this.names = new String[tensors.size()];
    this.sizes = new int[tensors.size()];
    this.pruned = new BitSet[tensors.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = tensors.get(i).name();
      sizes[i] = tensors.get(i).size();
      this.pruned[i] = (BitSet) pruned.get(i).clone();
    }
  }

  /** Number of tensors, masked or not. */
  public int tensorCount() {
    return names.length;
  }

  /** Whether value {@code index} of tensor {@code tensor} (model order) was pruned. */
  public boolean isPruned(int tensor, int index) {
    return pruned[tensor].get(index);
  }

  /** Number of pruned values in tensor {@code tensor}. */
  public int prunedCount(int tensor) {
    return pruned[tensor].cardinality();
  }

  /** Number of pruned values in the whole model. */
  public long prunedCount() {
    long n = 0;
    for (BitSet b : pruned) {
      n += b.cardinality();
    }
    return n;
  }

  /**
   * For tensor {@code tensor}: 1 where the weight may change, 0 where it was pruned; or null when
   * nothing of that tensor was pruned, so callers can skip it.
   */
  public float[] keepMultiplier(int tensor) {
    if (pruned[tensor].isEmpty()) {
      return null;
    }
    float[] keep = new float[sizes[tensor]];
    Arrays.fill(keep, 1f);
    for (int i = pruned[tensor].nextSetBit(0); i >= 0; i = pruned[tensor].nextSetBit(i + 1)) {
      keep[i] = 0f;
    }
    return keep;
  }

  /**
   * The mask as a training constraint: after every local step and every round's averaging, the
   * pruned positions are set back to zero, so fine-tuning cannot revive them.
   */
  public WeightConstraint asConstraint() {
    return new MaskConstraint(this);
  }

  /**
   * Returns {@code weights} with every pruned position set to zero.
   *
   * @throws IllegalArgumentException if the weights' tensor names or sizes differ from the mask's
   */
  public ModelWeights apply(ModelWeights weights) {
    List<NamedTensor> tensors = weights.tensors();
    if (tensors.size() != names.length) {
      throw new IllegalArgumentException(
          "Cannot apply pruning mask: it covers "
              + names.length
              + " tensors, the weights have "
              + tensors.size());
    }
    List<NamedTensor> out = new ArrayList<>(tensors.size());
    for (int i = 0; i < names.length; i++) {
      NamedTensor t = tensors.get(i);
      if (!t.name().equals(names[i]) || t.size() != sizes[i]) {
        throw new IllegalArgumentException(
            "Cannot apply pruning mask: tensor "
                + i
                + " is "
                + names[i]
                + " with "
                + sizes[i]
                + " values in the mask but "
                + t.name()
                + " with "
                + t.size()
                + " values in the weights");
      }
      if (pruned[i].isEmpty()) {
        out.add(t);
        continue;
      }
      float[] values = t.values().clone();
      for (int j = pruned[i].nextSetBit(0); j >= 0; j = pruned[i].nextSetBit(j + 1)) {
        values[j] = 0f;
      }
      out.add(new NamedTensor(t.name(), t.shape().clone(), values));
    }
    return new ModelWeights(out);
  }
}
