package org.greentrain.model;

/**
 * How one tensor's values are stored in a model file ({@link TensorFileFormat}). The codes are
 * part of the file format and never change meaning within a format version.
 */
public enum Storage {
  /** fp32 values, 4 bytes each. */
  FP32(0, Float.BYTES),
  /** int8 codes with one fp32 scale per output channel (dimension 0). */
  INT8_PER_CHANNEL(1, 1),
  /** int8 codes with one fp32 scale for the whole tensor. */
  INT8_PER_TENSOR(2, 1);

  private final int code;
  private final int bytesPerValue;

  Storage(int code, int bytesPerValue) {
    this.code = code;
    this.bytesPerValue = bytesPerValue;
  }

  /** The byte that stands for this storage in a file. */
  public int code() {
    return code;
  }

  /** Bytes of data per tensor value, scales not counted. */
  public int bytesPerValue() {
    return bytesPerValue;
  }
}
