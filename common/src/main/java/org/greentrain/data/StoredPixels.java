package org.greentrain.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How the augmented table stores an image: one unsigned byte per pixel, taken after every op but
 * the final {@link Normalize}, which the trainer applies when it decodes the bytes (with the mean
 * and std stored next to them). A quarter of the bytes of float32 pixels to write, shuffle and
 * read; originals (copy 0) decode to exactly the floats the full pipeline gives, augmented copies
 * to within half a grey level (1/510) before normalisation.
 */
public final class StoredPixels {

  private StoredPixels() {}

  /**
   * A pipeline cut before its normalisation.
   *
   * @param beforeNormalize the ops that run in the augment stage
   * @param normalize what the trainer applies to the decoded bytes; mean 0 and std 1 when the
   *     pipeline has no normalisation
   */
  public record Split(AugmentPipeline beforeNormalize, Normalize normalize)
      implements Serializable {}

  /**
   * Splits off the pipeline's normalisation, which must be its last op (the stored bytes hold
   * values in [0, 1], the units before normalisation).
   */
  public static Split split(AugmentPipeline pipeline) {
    List<AugmentOp> ops = new ArrayList<>(pipeline.ops());
    for (int i = 0; i < ops.size() - 1; i++) {
      if (ops.get(i) instanceof Normalize) {
        throw new IllegalArgumentException(
            "Cannot store augmented pixels as bytes: normalisation must be the last op, found it at"
                + " position "
                + i
                + " of "
                + ops);
      }
    }
    Normalize normalize = new Normalize(0f, 1f);
    if (!ops.isEmpty() && ops.get(ops.size() - 1) instanceof Normalize last) {
      normalize = last;
      ops.remove(ops.size() - 1);
    }
    return new Split(new AugmentPipeline(ops), normalize);
  }

  /**
   * Unsigned bytes of values in [0, 1]: {@code round(255 x)}, values outside clamped (as an image
   * file would store them).
   */
  public static byte[] encode(float[] unit) {
    byte[] out = new byte[unit.length];
    for (int i = 0; i < unit.length; i++) {
      float v = unit[i] * 255f;
      // Math.round's floor(v + 0.5), without its cost on Java 17 (a third of the augment tasks'
      // time in a profile): the sum is exact in double, NaN and v <= 0 give 0.
      out[i] = (byte) (v >= 255f ? 255 : v > 0f ? (int) (v + 0.5d) : 0);
    }
    return out;
  }

  /** A grey image: {@link #decode(byte[], int, Normalize, float[], int)} with one channel. */
  public static void decode(byte[] stored, Normalize normalize, float[] dst, int offset) {
    decode(stored, 1, normalize, dst, offset);
  }

  /**
   * Writes the normalised floats of the stored bytes of one channel-planar image of {@code
   * channels} planes into {@code dst} from {@code offset}: the same arithmetic as the pipeline's
   * byte-to-[0, 1] conversion followed by {@link Normalize}, channel by channel.
   */
  public static void decode(
      byte[] stored, int channels, Normalize normalize, float[] dst, int offset) {
    normalize.requireChannels(channels);
    int plane = stored.length / channels;
    for (int c = 0; c < channels; c++) {
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        dst[offset + i] = normalize.apply(c, (stored[i] & 0xff) / 255f);
      }
    }
  }
}
