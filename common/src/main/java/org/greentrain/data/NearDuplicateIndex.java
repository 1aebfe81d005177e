package org.greentrain.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds 64-bit hashes within a Hamming distance of {@code maxBits} of any hash added before,
 * without comparing against all of them: the hash is cut into {@code maxBits + 1} bands, and two
 * hashes that differ in at most {@code maxBits} bits agree exactly on at least one band
 * (pigeonhole), so only the hashes sharing a band value are compared (multi-index hashing, Norouzi
 * et al., CVPR 2012). Not thread-safe.
 */
public final class NearDuplicateIndex {

  private final int maxBits;
  private final int[] bandStart;
  private final int[] bandWidth;
  private final List<Map<Long, List<Long>>> bands = new ArrayList<>();
  private long comparisons;

  public NearDuplicateIndex(int maxBits) {
    if (maxBits < 0 || maxBits > 63) {
      throw new IllegalArgumentException("Invalid Hamming threshold: " + maxBits);
    }
    this.maxBits = maxBits;
    int n = maxBits + 1;
    bandStart = new int[n];
    bandWidth = new int[n];
    int start = 0;
    for (int b = 0; b < n; b++) {
      bandWidth[b] = 64 / n + (b < 64 % n ? 1 : 0);
      bandStart[b] = start;
      start += bandWidth[b];
      bands.add(new HashMap<>());
    }
  }

  /** True if a hash added before is within {@code maxBits} bits of {@code hash}. */
  public boolean hasNear(long hash) {
    for (int b = 0; b < bandStart.length; b++) {
      List<Long> candidates = bands.get(b).get(band(hash, b));
      if (candidates == null) {
        continue;
      }
      for (long other : candidates) {
        comparisons++;
        if (Long.bitCount(hash ^ other) <= maxBits) {
          return true;
        }
      }
    }
    return false;
  }

  public void add(long hash) {
    for (int b = 0; b < bandStart.length; b++) {
      bands.get(b).computeIfAbsent(band(hash, b), k -> new ArrayList<>(2)).add(hash);
    }
  }

  /** Hash pairs compared so far: n^2 / 2 would be the naive cost. */
  public long comparisons() {
    return comparisons;
  }

  private long band(long hash, int b) {
    long mask = bandWidth[b] == 64 ? -1L : (1L << bandWidth[b]) - 1;
    return (hash >>> bandStart[b]) & mask;
  }
}
