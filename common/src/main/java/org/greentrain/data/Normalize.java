package org.greentrain.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Standardises pixel values as {@code (x - mean[c]) / std[c]} for channel {@code c}. One mean and
 * std apply to every channel; otherwise there is one per channel. Deterministic, so it also applies
 * to the original (un-augmented) copy of each record.
 *
 * @param mean values subtracted, in the units of the input (usually [0, 1] scaled pixels): one for
 *     all channels, or one per channel
 * @param std divisors, finite and greater than zero, as many as {@code mean}
 */
public record Normalize(float[] mean, float[] std) implements AugmentOp {

  public Normalize {
    if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "Invalid normalisation: "
              + Arrays.toString(mean)
              + " means and "
              + Arrays.toString(std)
              + " stds (as many of each, at least one)");
    }
    mean = mean.clone();
    std = std.clone();
    for (float m : mean) {
      if (!Float.isFinite(m)) {
        throw new IllegalArgumentException("Invalid normalisation mean: " + m);
      }
    }
    for (float s : std) {
      if (!(s > 0) || !Float.isFinite(s)) {
        throw new IllegalArgumentException("Invalid normalisation std: " + s);
      }
    }
  }

  /** The same mean and std for every channel. */
  public Normalize(float mean, float std) {
    this(new float[] {mean}, new float[] {std});
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /** The mean of channel {@code c}. */
  public float mean(int c) {
    return mean[mean.length == 1 ? 0 : c];
  }

  /** The std of channel {@code c}. */
  public float std(int c) {
    return std[std.length == 1 ? 0 : c];
  }

  /** This normalisation with one mean and std per channel, for images of {@code channels}. */
  public Normalize forChannels(int channels) {
    requireChannels(channels);
    float[] m = new float[channels];
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      m[c] = mean(c);
      s[c] = std(c);
    }
    return new Normalize(m, s);
  }

  /** Fails unless this normalisation fits images of {@code channels} channels. */
  public Normalize requireChannels(int channels) {
    if (mean.length != 1 && mean.length != channels) {
      throw new IllegalArgumentException(
          "Cannot normalise images of "
              + channels
              + " channels with "
              + mean.length
              + " means "
              + Arrays.toString(mean));
    }
    return this;
  }

  @Override
  public void apply(
      float[] src, float[] dst, int channels, int rows, int cols, SplittableRandom rng) {
    requireChannels(channels);
    int n = rows * cols;
    for (int c = 0; c < channels; c++) {
      float m = mean(c);
      float s = std(c);
      for (int i = c * n; i < (c + 1) * n; i++) {
        dst[i] = (src[i] - m) / s;
      }
    }
  }

  /** One value of channel 0, normalised. */
  public float apply(float x) {
    return apply(0, x);
  }

  /** One value of channel {@code c}, normalised; the trainer's decoding uses this arithmetic. */
  public float apply(int c, float x) {
    return (x - mean(c)) / std(c);
  }

  @Override
  public boolean isRandom() {
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalize n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "Normalize[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
