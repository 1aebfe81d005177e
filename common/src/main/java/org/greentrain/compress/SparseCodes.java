package org.greentrain.compress;

import org.greentrain.model.PayloadReader;
import org.greentrain.model.Storage;

/**
 * The sparse form of a tensor's int8 codes: a bitmap with bit {@code i % 8} of byte {@code i / 8}
 * set where code {@code i} is non-zero, and the non-zero codes in index order.
 */
record SparseCodes(byte[] bitmap, byte[] nonZero) {

  static SparseCodes of(byte[] codes) {
    byte[] bitmap = new byte[(int) Storage.bitmapBytes(codes.length)];
    int count = 0;
    for (byte c : codes) {
      count += c != 0 ? 1 : 0;
    }
    byte[] nonZero = new byte[count];
    int next = 0;
    for (int i = 0; i < codes.length; i++) {
      if (codes[i] != 0) {
        bitmap[i >>> 3] |= (byte) (1 << (i & 7));
        nonZero[next++] = codes[i];
      }
    }
    return new SparseCodes(bitmap, nonZero);
  }

  /**
   * Reads the non-zero count, bitmap and non-zero codes of a tensor of {@code size} values and
   * returns its dense codes. The count must match the bitmap, which catches a damaged bitmap even
   * in a file whose checksums were recomputed over the damage.
   */
  static byte[] read(PayloadReader payload, String tensor, int size) {
    int count = payload.readInt("non-zero count of tensor " + tensor);
    if (count < 0 || count > size) {
      throw payload.invalid(
          "impossible non-zero count "
              + count
              + " for tensor "
              + tensor
              + " of "
              + size
              + " values");
    }
    byte[] bitmap =
        payload.readBytes((int) Storage.bitmapBytes(size), "bitmap of tensor " + tensor);
    int marked = 0;
    for (byte b : bitmap) {
      marked += Integer.bitCount(b & 0xff);
    }
    int spare = bitmap.length * 8 - size;
    if (spare > 0 && (bitmap[bitmap.length - 1] & 0xff) >>> (8 - spare) != 0) {
      throw payload.invalid(
          "bitmap of tensor " + tensor + " marks positions past its " + size + " values");
    }
    if (marked != count) {
      throw payload.invalid(
          "bitmap of tensor "
              + tensor
              + " marks "
              + marked
              + " non-zero values but its count says "
              + count);
    }
    byte[] nonZero = payload.readBytes(count, "non-zero codes of tensor " + tensor);
    byte[] codes = new byte[size];
    int next = 0;
    for (int i = 0; i < size; i++) {
      if ((bitmap[i >>> 3] & (1 << (i & 7))) != 0) {
        if (nonZero[next] == 0) {
          throw payload.invalid(
              "sparse tensor "
                  + tensor
                  + " stores code 0 at index "
                  + i
                  + ", which its bitmap marks non-zero");
        }
        codes[i] = nonZero[next++];
      }
    }
    return codes;
  }
}
