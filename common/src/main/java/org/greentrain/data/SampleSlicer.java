package org.greentrain.data;

import java.util.SplittableRandom;
import org.greentrain.error.UserError;

/**
 * Takes deterministic class-balanced subsets of a labelled image set, e.g. to ship a small sample
 * of Fashion-MNIST with the repository.
 */
public final class SampleSlicer {

  private SampleSlicer() {}

  /**
   * Picks {@code perClass} images of each class in {@code [0, numClasses)} and returns them in
   * their original order.
   *
   * <p>Each class draws its images with its own generator seeded from {@code (seed, class)}, by a
   * partial Fisher-Yates shuffle of that class's indices, so the choice for one class does not
   * change when other classes change. The result depends only on the input and the arguments.
   */
  public static LabeledImages balancedSlice(
      LabeledImages all, int perClass, int numClasses, long seed) {
    if (perClass <= 0) {
      throw new UserError("Invalid images per class: " + perClass);
    }
    if (numClasses < 1 || numClasses > 256) {
      throw new UserError("Invalid number of classes: " + numClasses);
    }
    int[][] byClass = indicesByClass(all, numClasses);
    boolean[] chosen = new boolean[all.count()];
    for (int c = 0; c < numClasses; c++) {
      int[] indices = byClass[c];
      if (indices.length < perClass) {
        throw new UserError(
            "Cannot take "
                + perClass
                + " images per class: class "
                + c
                + " has only "
                + indices.length);
      }
      SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, c));
      for (int k = 0; k < perClass; k++) {
        int j = k + rng.nextInt(indices.length - k);
        int picked = indices[j];
        indices[j] = indices[k];
        indices[k] = picked;
        chosen[picked] = true;
      }
    }
    return copyChosen(all, chosen, perClass * numClasses);
  }

  private static int[][] indicesByClass(LabeledImages all, int numClasses) {
    int[] sizes = new int[numClasses];
    for (int i = 0; i < all.count(); i++) {
      int label = all.label(i);
      if (label >= numClasses) {
        throw new UserError(
            "Cannot take a balanced slice: label "
                + label
                + " at index "
                + i
                + " is outside [0, "
                + numClasses
                + ")");
      }
      sizes[label]++;
    }
    int[][] byClass = new int[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      byClass[c] = new int[sizes[c]];
    }
    int[] filled = new int[numClasses];
    for (int i = 0; i < all.count(); i++) {
      int label = all.label(i);
      byClass[label][filled[label]++] = i;
    }
    return byClass;
  }

  private static LabeledImages copyChosen(LabeledImages all, boolean[] chosen, int total) {
    int size = all.imageSize();
    byte[] pixels = new byte[total * size];
    byte[] labels = new byte[total];
    int out = 0;
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i]) {
        System.arraycopy(all.pixels(), i * size, pixels, out * size, size);
        labels[out++] = all.labels()[i];
      }
    }
    return new LabeledImages(all.channels(), all.rows(), all.cols(), pixels, labels);
  }
}
