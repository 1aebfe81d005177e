package org.greentrain.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Copies weights between an initialised DJL block and the engine-independent form. */
public final class BlockWeights {

  private BlockWeights() {}

  /**
   * The parameters of a freshly initialised block of {@code spec}: the names and shapes in the
   * block's order; the values are the engine's and carry no meaning.
   */
  public static ModelWeights fresh(ModelSpec spec) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      return read(spec.newInitialisedBlock(manager));
    }
  }

  /** The block's parameters in the block's own order. */
  public static ModelWeights read(Block block) {
    List<NamedTensor> tensors = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray array = p.getValue().getArray();
      tensors.add(new NamedTensor(p.getKey(), array.getShape().getShape(), array.toFloatArray()));
    }
    return new ModelWeights(tensors);
  }

  /**
   * Overwrites the block's parameters in place; names and shapes must match exactly. Runs with
   * autograd off on the calling thread, since PyTorch refuses in-place writes to tensors that
   * require gradients while grad mode is on (the default on a new thread).
   */
  public static void write(Block block, ModelWeights weights) {
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      copyInto(block, weights);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  private static void copyInto(Block block, ModelWeights weights) {
    List<Pair<String, Parameter>> params = new ArrayList<>();
    block.getParameters().forEach(params::add);
    List<NamedTensor> tensors = weights.tensors();
    if (params.size() != tensors.size()) {
      throw new IllegalArgumentException(
          "Cannot load weights: model has "
              + params.size()
              + " tensors, weights have "
              + tensors.size());
    }
    for (int i = 0; i < params.size(); i++) {
      NamedTensor t = tensors.get(i);
      NDArray array = params.get(i).getValue().getArray();
      String name = params.get(i).getKey();
      if (!name.equals(t.name()) || !Arrays.equals(array.getShape().getShape(), t.shape())) {
        throw new IllegalArgumentException(
            "Cannot load weights: tensor "
                + i
                + " is "
                + name
                + " "
                + array.getShape()
                + " in the model but "
                + t.name()
                + " "
                + Arrays.toString(t.shape())
                + " in the weights");
      }
      array.set(t.values());
    }
  }
}
