package org.greentrain.model;

import org.greentrain.error.UserError;

/**
 * The most memory a model file may make a reader allocate, as a multiple of the file's size: its
 * uncompressed payload, and separately the tensors decoded from it (sparse int8 codes decode to up
 * to 8 times their bitmap), may each take at most {@link TensorFileFormat#MAX_INFLATION_RATIO}
 * times the file's bytes, or {@link TensorFileFormat#INFLATION_ALLOWANCE_BYTES} for a small file,
 * and never more than {@link TensorFileFormat#MAX_PAYLOAD_BYTES}.
 *
 * @param fileBytes bytes of the whole file, header and trailer included
 */
record InflationBound(long fileBytes) {

  /** The bound in bytes. */
  long bytes() {
    return Math.min(
        TensorFileFormat.MAX_PAYLOAD_BYTES,
        Math.max(TensorFileFormat.INFLATION_ALLOWANCE_BYTES, scaled()));
  }

  /** The bound and where it comes from, for messages: "8392704 bytes (128 x the file's ...)". */
  String describe() {
    if (scaled() >= TensorFileFormat.MAX_PAYLOAD_BYTES) {
      return TensorFileFormat.MAX_PAYLOAD_BYTES + " bytes (the format's limit)";
    }
    if (scaled() <= TensorFileFormat.INFLATION_ALLOWANCE_BYTES) {
      return TensorFileFormat.INFLATION_ALLOWANCE_BYTES + " bytes (the allowance of every file)";
    }
    return scaled()
        + " bytes ("
        + TensorFileFormat.MAX_INFLATION_RATIO
        + " x the file's "
        + fileBytes
        + " bytes)";
  }

  /** Refuses a payload once {@code inflated} bytes of it exceed the bound. */
  void checkInflated(long inflated, String source) {
    if (inflated > bytes()) {
      throw new UserError("Cannot read " + source + ": inflated payload exceeds " + describe());
    }
  }

  private long scaled() {
    return TensorFileFormat.MAX_INFLATION_RATIO * fileBytes;
  }
}
