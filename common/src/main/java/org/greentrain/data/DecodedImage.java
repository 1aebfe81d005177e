package org.greentrain.data;

/**
 * The outcome of decoding one encoded image: its pixels, channel-planar, or why it cannot be used.
 * Exactly one of {@code pixels} and {@code rejectReason} is non-null.
 *
 * @param sourceChannels the channels the image file holds (1 grey, 3 colour), which differ from the
 *     channels of {@code pixels} when the decoder converted it
 */
public record DecodedImage(byte[] pixels, int sourceChannels, String rejectReason) {

  public DecodedImage {
    if ((pixels == null) == (rejectReason == null)) {
      throw new IllegalArgumentException(
          "Invalid decoded image: exactly one of pixels and reject reason is required");
    }
  }

  static DecodedImage ok(byte[] pixels, int sourceChannels) {
    return new DecodedImage(pixels, sourceChannels, null);
  }

  static DecodedImage rejected(String reason) {
    return new DecodedImage(null, 0, reason);
  }

  public boolean isRejected() {
    return rejectReason != null;
  }
}
