package org.greentrain.data;

import org.greentrain.error.UserError;

/**
 * The 64-bit difference hash (dHash) of a grayscale image: the image is shrunk to 9x8 cells by
 * averaging, and bit {@code 8 * row + col} says whether cell {@code col} of that row is darker than
 * its right neighbour. Small changes of brightness, noise or scale flip few bits, so the Hamming
 * distance of two hashes measures how alike two images look.
 */
public final class DifferenceHash {

  private static final int HASH_ROWS = 8;
  private static final int HASH_COLS = 9;

  private DifferenceHash() {}

  /** The hash of {@code rows x cols} unsigned bytes starting at {@code offset}. */
  public static long of(byte[] pixels, int offset, int rows, int cols) {
    if (rows < HASH_ROWS || cols < HASH_COLS) {
      throw new UserError(
          "Cannot hash a " + rows + "x" + cols + " image: at least 8x9 pixels are needed");
    }
    long hash = 0;
    int bit = 0;
    long[] sums = new long[HASH_COLS];
    int[] areas = new int[HASH_COLS];
    for (int r = 0; r < HASH_ROWS; r++) {
      int y0 = r * rows / HASH_ROWS;
      int y1 = (r + 1) * rows / HASH_ROWS;
      for (int c = 0; c < HASH_COLS; c++) {
        int x0 = c * cols / HASH_COLS;
        int x1 = (c + 1) * cols / HASH_COLS;
        long sum = 0;
        for (int y = y0; y < y1; y++) {
          int row = offset + y * cols;
          for (int x = x0; x < x1; x++) {
            sum += pixels[row + x] & 0xff;
          }
        }
        sums[c] = sum;
        areas[c] = (y1 - y0) * (x1 - x0);
      }
      for (int c = 0; c < HASH_COLS - 1; c++) {
        // mean(c) < mean(c + 1) without division: the cells differ in area by a pixel or so.
        if (sums[c] * areas[c + 1] < sums[c + 1] * areas[c]) {
          hash |= 1L << bit;
        }
        bit++;
      }
    }
    return hash;
  }
}
