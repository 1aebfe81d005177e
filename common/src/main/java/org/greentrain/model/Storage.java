package org.greentrain.model;

/**
 * How one tensor's values are stored in a model file ({@link TensorFileFormat}). The codes are part
 * of the file format and never change meaning; a code may only appear in files of its {@link
 * #sinceVersion()} or later.
 */
public enum Storage {
  /** fp32 values, 4 bytes each. */
  FP32(0, Float.BYTES, 1),
  /** int8 codes with one fp32 scale per output channel (dimension 0). */
  INT8_PER_CHANNEL(1, 1, 1),
  /** int8 codes with one fp32 scale for the whole tensor. */
  INT8_PER_TENSOR(2, 1, 1),
  /**
   * As {@link #INT8_PER_CHANNEL}, but only the non-zero codes are stored, after a bitmap that marks
   * their positions; pays when most codes are zero, as after pruning.
   */
  INT8_PER_CHANNEL_SPARSE(3, 0, 2),
  /** As {@link #INT8_PER_TENSOR}, stored sparse like {@link #INT8_PER_CHANNEL_SPARSE}. */
  INT8_PER_TENSOR_SPARSE(4, 0, 2);

  private final int code;
  private final int bytesPerValue;
  private final int sinceVersion;

  Storage(int code, int bytesPerValue, int sinceVersion) {
    this.code = code;
    this.bytesPerValue = bytesPerValue;
    this.sinceVersion = sinceVersion;
  }

  /** The byte that stands for this storage in a file. */
  public int code() {
    return code;
  }

  /**
   * Bytes of data per tensor value, scales not counted; 0 for sparse storage, whose size depends on
   * how many values are non-zero.
   */
  public int bytesPerValue() {
    return bytesPerValue;
  }

  /** Bytes per value once decoded: 4 for fp32, 1 for int8 codes, sparse or dense. */
  public int decodedBytesPerValue() {
    return isSparse() ? 1 : bytesPerValue;
  }

  /** The first format version whose files may hold this storage. */
  public int sinceVersion() {
    return sinceVersion;
  }

  /** Whether only non-zero values are stored, after a bitmap of their positions. */
  public boolean isSparse() {
    return bytesPerValue == 0;
  }

  /**
   * The fewest data bytes a tensor of {@code size} values can take in this storage, scales not
   * counted: all values for dense storage, the non-zero count and the bitmap for sparse storage.
   */
  public long minDataBytes(long size) {
    return isSparse() ? Integer.BYTES + bitmapBytes(size) : size * bytesPerValue;
  }

  /** Bytes of a bitmap with one bit per value. */
  public static long bitmapBytes(long size) {
    return (size + 7) / 8;
  }
}
