package org.greentrain.runtime;

import java.io.Serializable;

/**
 * The decoded samples of one training shard: {@code count} images of {@code pixelsPerImage} floats
 * each, concatenated, and their labels. Kept as two primitive arrays so an executor can hold a
 * shard between rounds without per-sample objects.
 */
public record ShardData(float[] images, int[] labels, int pixelsPerImage) implements Serializable {

  public ShardData {
    if (pixelsPerImage <= 0 || images.length != (long) labels.length * pixelsPerImage) {
      throw new IllegalArgumentException(
          "Invalid shard: "
              + images.length
              + " pixel values for "
              + labels.length
              + " labels of "
              + pixelsPerImage
              + " pixels");
    }
  }

  public int count() {
    return labels.length;
  }
}
