package org.greentrain.compress;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.runtime.WeightConstraint;

/** Keeps the positions a {@link PruningMask} removed at exactly zero during training. */
final class MaskConstraint implements WeightConstraint {

  private static final long serialVersionUID = 1L;

  private final PruningMask mask;

  MaskConstraint(PruningMask mask) {
    this.mask = mask;
  }

  @Override
  public void applyInPlace(List<NDArray> weights) {
    if (weights.size() != mask.tensorCount()) {
      throw new IllegalArgumentException(
          "Cannot apply pruning mask: it covers "
              + mask.tensorCount()
              + " tensors, the model has "
              + weights.size());
    }
    for (int i = 0; i < weights.size(); i++) {
      float[] keep = mask.keepMultiplier(i);
      if (keep == null) {
        continue;
      }
      NDArray w = weights.get(i);
      // Multiplying by 0/1 writes exact zeros (w * 0 is +-0, and -0 == 0 for every reader).
      try (NDArray m = w.getManager().create(keep, w.getShape())) {
        w.muli(m);
      }
    }
  }

  @Override
  public ModelWeights apply(ModelWeights weights) {
    return mask.apply(weights);
  }
}
