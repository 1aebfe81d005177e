package org.greentrain.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel sums of a set of images' pixels, exact in integers, so that the sums of parts read
 * apart (by Spark tasks, in any order) add up to the sums of the whole: the normalisation computed
 * from them does not depend on how the data was split.
 *
 * @param pixelsPerChannel pixels counted in each channel (images x rows x cols)
 * @param sum per channel, the sum of the unsigned pixel values (0-255)
 * @param sumSquares per channel, the sum of their squares
 */
public record ChannelStats(long pixelsPerChannel, long[] sum, long[] sumSquares)
    implements Serializable {

  public ChannelStats {
    if (sum.length != sumSquares.length || (sum.length != 1 && sum.length != 3)) {
      throw new IllegalArgumentException(
          "Invalid channel stats: " + sum.length + " sums, " + sumSquares.length + " squares");
    }
    sum = sum.clone();
    sumSquares = sumSquares.clone();
  }

  /** No pixels of {@code channels} channels. */
  public static ChannelStats empty(int channels) {
    return new ChannelStats(0, new long[channels], new long[channels]);
  }

  /** The sums over every image of {@code images}. */
  public static ChannelStats of(LabeledImages images) {
    int channels = images.channels();
    int plane = images.rows() * images.cols();
    long[] sum = new long[channels];
    long[] squares = new long[channels];
    byte[] px = images.pixels();
    for (int i = 0; i < images.count(); i++) {
      for (int c = 0; c < channels; c++) {
        int from = (i * channels + c) * plane;
        long s = 0;
        long q = 0;
        for (int j = from; j < from + plane; j++) {
          int v = px[j] & 0xff;
          s += v;
          q += v * v;
        }
        sum[c] += s;
        squares[c] += q;
      }
    }
    return new ChannelStats((long) images.count() * plane, sum, squares);
  }

  /** The sums of both sets of images, which must have the same channels. */
  public ChannelStats plus(ChannelStats other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException(
          "Cannot add channel stats of " + other.sum.length + " to " + sum.length + " channels");
    }
    long[] s = sum.clone();
    long[] q = sumSquares.clone();
    for (int c = 0; c < s.length; c++) {
      s[c] += other.sum[c];
      q[c] += other.sumSquares[c];
    }
    return new ChannelStats(pixelsPerChannel + other.pixelsPerChannel, s, q);
  }

  /**
   * The mean and std of every channel on the [0, 1] scale, as torchvision users compute them for
   * {@code Normalize}: population std. A constant channel (std 0) gets std 1, so the normalisation
   * only centres it.
   */
  public Normalize normalize() {
    if (pixelsPerChannel == 0) {
      throw new IllegalStateException("Cannot compute a normalisation of no images");
    }
    float[] mean = new float[sum.length];
    float[] std = new float[sum.length];
    double n = pixelsPerChannel;
    for (int c = 0; c < sum.length; c++) {
      double m = sum[c] / 255.0 / n;
      mean[c] = (float) m;
      double s = Math.sqrt(Math.max(0, sumSquares[c] / (255.0 * 255.0) / n - m * m));
      std[c] = s > 1e-6 ? (float) s : 1f;
    }
    return new Normalize(mean, std);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelStats other
        && pixelsPerChannel == other.pixelsPerChannel
        && Arrays.equals(sum, other.sum)
        && Arrays.equals(sumSquares, other.sumSquares);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(pixelsPerChannel) + Arrays.hashCode(sum);
  }
}
