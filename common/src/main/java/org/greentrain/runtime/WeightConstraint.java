package org.greentrain.runtime;

import ai.djl.ndarray.NDArray;
import java.io.Serializable;
import java.util.List;
import org.greentrain.model.ModelWeights;

/**
 * A constraint training must keep on the weights, such as the zeros of a pruning mask. It is
 * applied after every optimizer step on the shard's own parameter arrays and again to the averaged
 * weights after every round, so neither a local step nor averaging can break it.
 *
 * <p>Serializable: it travels to Spark executors in the round's closure. Implementations must be
 * safe to call from several task threads at once.
 */
public interface WeightConstraint extends Serializable {

  /** Leaves the weights as they are. */
  WeightConstraint NONE =
      new WeightConstraint() {
        @Override
        public void applyInPlace(List<NDArray> weights) {}

        @Override
        public ModelWeights apply(ModelWeights weights) {
          return weights;
        }
      };

  /**
   * Enforces the constraint in place on a block's parameter arrays, in model order. Called on the
   * training task's thread with grad mode off, after each step.
   */
  void applyInPlace(List<NDArray> weights);

  /** Returns {@code weights} with the constraint enforced; called on the driver after a round. */
  ModelWeights apply(ModelWeights weights);
}
