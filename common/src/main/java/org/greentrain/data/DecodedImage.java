package org.greentrain.data;

/**
 * The outcome of decoding one encoded image: its grayscale pixels, or why it cannot be used.
 * Exactly one of {@code pixels} and {@code rejectReason} is non-null.
 */
public record DecodedImage(byte[] pixels, String rejectReason) {

  public DecodedImage {
    if ((pixels == null) == (rejectReason == null)) {
      throw new IllegalArgumentException(
          "Invalid decoded image: exactly one of pixels and reject reason is required");
    }
  }

  static DecodedImage ok(byte[] pixels) {
    return new DecodedImage(pixels, null);
  }

  static DecodedImage rejected(String reason) {
    return new DecodedImage(null, reason);
  }

  public boolean isRejected() {
    return rejectReason != null;
  }
}
