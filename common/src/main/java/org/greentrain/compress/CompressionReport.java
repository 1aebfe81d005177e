package org.greentrain.compress;

/**
 * The size gain of one compression variant: the bytes of the original fp32 artifact (S1) against
 * the bytes of the compressed artifact (S2), both as written to disk.
 *
 * @param variant a short name of the variant, for example {@code int8-per-channel}
 * @param originalBytes S1, the size of the uncompressed reference artifact in bytes
 * @param compressedBytes S2, the size of the compressed artifact in bytes
 */
public record CompressionReport(String variant, long originalBytes, long compressedBytes) {

  public CompressionReport {
    if (variant == null || variant.isBlank()) {
      throw new IllegalArgumentException("Invalid compression variant name: " + variant);
    }
    if (originalBytes <= 0) {
      throw new IllegalArgumentException(
          "Invalid original size for variant " + variant + ": " + originalBytes + " bytes");
    }
    if (compressedBytes <= 0) {
      throw new IllegalArgumentException(
          "Invalid compressed size for variant " + variant + ": " + compressedBytes + " bytes");
    }
  }

  /** The compression ratio S1/S2; above 1 when the variant is smaller than the original. */
  public double ratio() {
    return (double) originalBytes / compressedBytes;
  }
}
