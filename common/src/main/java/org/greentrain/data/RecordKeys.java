package org.greentrain.data;

import java.io.Serializable;
import java.util.List;

/**
 * What the data lever ({@link DataOptimizer}) decides on, per record and without the pixels: record
 * id, label, a 128-bit hash of the pixels (exact duplicates) and the difference hash (near
 * duplicates). 33 bytes per record, so the driver can decide for a split whose pixels only Spark
 * tasks hold.
 *
 * @param recordIds ascending
 * @param labels unsigned, one per record
 * @param contentHigh the first 64 bits of each record's pixel hash
 * @param contentLow the other 64 bits
 * @param differenceHash each record's {@link DifferenceHash}
 */
public record RecordKeys(
    long[] recordIds, byte[] labels, long[] contentHigh, long[] contentLow, long[] differenceHash)
    implements Serializable {

  private static final long HIGH_SEED = 0x243F6A8885A308D3L;
  private static final long LOW_SEED = 0x13198A2E03707344L;

  public RecordKeys {
    int n = recordIds.length;
    if (labels.length != n
        || contentHigh.length != n
        || contentLow.length != n
        || differenceHash.length != n) {
      throw new IllegalArgumentException("Invalid record keys: arrays of different lengths");
    }
  }

  /** The keys of every image of {@code data}. */
  public static RecordKeys of(SourceData data) {
    LabeledImages images = data.images();
    int n = images.count();
    int size = images.imageSize();
    byte[] px = images.pixels();
    long[] high = new long[n];
    long[] low = new long[n];
    long[] difference = new long[n];
    for (int i = 0; i < n; i++) {
      high[i] = hash(px, i * size, size, HIGH_SEED, 0x100000001B3L);
      low[i] = hash(px, i * size, size, LOW_SEED, 0xC6A4A7935BD1E995L);
      difference[i] = DifferenceHash.of(px, i * size, images.rows(), images.cols());
    }
    return new RecordKeys(data.recordIds().clone(), images.labels().clone(), high, low, difference);
  }

  /** The parts' keys one after another; each part's ids must lie above the previous part's. */
  public static RecordKeys concat(List<RecordKeys> parts) {
    int n = parts.stream().mapToInt(RecordKeys::count).sum();
    long[] ids = new long[n];
    byte[] labels = new byte[n];
    long[] high = new long[n];
    long[] low = new long[n];
    long[] difference = new long[n];
    int at = 0;
    for (RecordKeys p : parts) {
      int k = p.count();
      if (k > 0 && at > 0 && p.recordIds[0] <= ids[at - 1]) {
        throw new IllegalArgumentException(
            "Invalid record keys: record " + p.recordIds[0] + " follows " + ids[at - 1]);
      }
      System.arraycopy(p.recordIds, 0, ids, at, k);
      System.arraycopy(p.labels, 0, labels, at, k);
      System.arraycopy(p.contentHigh, 0, high, at, k);
      System.arraycopy(p.contentLow, 0, low, at, k);
      System.arraycopy(p.differenceHash, 0, difference, at, k);
      at += k;
    }
    return new RecordKeys(ids, labels, high, low, difference);
  }

  public int count() {
    return recordIds.length;
  }

  /** The label of record {@code i}, unsigned. */
  public int label(int i) {
    return labels[i] & 0xff;
  }

  /** The keys of the records at {@code keep} (ascending indices). */
  public RecordKeys select(int[] keep) {
    long[] ids = new long[keep.length];
    byte[] l = new byte[keep.length];
    long[] high = new long[keep.length];
    long[] low = new long[keep.length];
    long[] difference = new long[keep.length];
    for (int j = 0; j < keep.length; j++) {
      int i = keep[j];
      ids[j] = recordIds[i];
      l[j] = labels[i];
      high[j] = contentHigh[i];
      low[j] = contentLow[i];
      difference[j] = differenceHash[i];
    }
    return new RecordKeys(ids, l, high, low, difference);
  }

  // FNV-style with two different offsets and primes: two independent 64-bit halves, so two images
  // share both only when equal (a chance collision needs about 2^64 records).
  private static long hash(byte[] px, int from, int size, long offset, long prime) {
    long h = offset;
    for (int j = 0; j < size; j++) {
      h = (h ^ (px[from + j] & 0xff)) * prime;
    }
    return Seeds.finalise(h);
  }
}
