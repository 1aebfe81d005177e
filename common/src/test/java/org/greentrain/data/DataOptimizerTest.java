package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.greentrain.config.OptimizeConfig;
import org.junit.jupiter.api.Test;

class DataOptimizerTest {

  private static final int ROWS = 28;
  private static final int COLS = 28;

  /** A distinct smooth image per pattern: a diagonal gradient with its own direction and offset. */
  private static byte[] pattern(int p) {
    byte[] px = new byte[ROWS * COLS];
    SplittableRandom rng = new SplittableRandom(p);
    int ax = rng.nextInt(-9, 10);
    int ay = rng.nextInt(-9, 10);
    for (int y = 0; y < ROWS; y++) {
      for (int x = 0; x < COLS; x++) {
        px[y * COLS + x] =
            (byte)
                Math.floorMod(
                    128
                        + ax * (x - 14)
                        + ay * (y - 14)
                        + (int) (60 * Math.sin((x + p) * 0.7) * Math.cos(y * 0.5 + p)),
                    256);
      }
    }
    return px;
  }

  private static SourceData data(List<byte[]> images, int[] labels) {
    SourceData.Builder b = new SourceData.Builder("test", "train", ROWS, COLS);
    for (int i = 0; i < images.size(); i++) {
      b.add(100 + i, images.get(i), labels[i]);
    }
    return b.build();
  }

  @Test
  void exactDuplicatesKeepTheFirstRecord() {
    byte[] a = pattern(1);
    byte[] b = pattern(2);
    SourceData d = data(List.of(a, b, a.clone(), b.clone(), a.clone()), new int[] {0, 1, 1, 1, 0});

    DataOptimizer.Result r =
        new DataOptimizer(new OptimizeConfig(true, false, 4, 1), 2, 42).apply(d);

    assertThat(r.kept().recordIds()).containsExactly(100, 101);
    assertThat(r.exactDuplicates()).isEqualTo(3);
    assertThat(r.nearDuplicates()).isZero();
    assertThat(r.kept().images().image(1)).isEqualTo(b);
  }

  @Test
  void nearDuplicatesWithinTheThresholdGoAndDifferentImagesStay() {
    byte[] a = pattern(1);
    byte[] aBrighter = a.clone();
    byte[] aOnePixel = a.clone();
    for (int i = 0; i < aBrighter.length; i++) {
      aBrighter[i] = (byte) Math.min(255, (aBrighter[i] & 0xff) + 3);
    }
    aOnePixel[400] = (byte) ~aOnePixel[400];
    List<byte[]> images = new ArrayList<>(List.of(a, pattern(2), aBrighter, pattern(3), aOnePixel));
    SourceData d = data(images, new int[] {0, 0, 0, 1, 1});
    long ha = DifferenceHash.of(a, 0, ROWS, COLS);
    assertThat(Long.bitCount(ha ^ DifferenceHash.of(aOnePixel, 0, ROWS, COLS)))
        .isLessThanOrEqualTo(4);
    assertThat(Long.bitCount(ha ^ DifferenceHash.of(pattern(2), 0, ROWS, COLS))).isGreaterThan(4);

    DataOptimizer.Result r =
        new DataOptimizer(new OptimizeConfig(false, true, 4, 1), 2, 42).apply(d);

    assertThat(r.kept().recordIds()).containsExactly(100, 101, 103);
    assertThat(r.nearDuplicates()).isEqualTo(2);
  }

  @Test
  void multiIndexSearchFindsExactlyWhatComparingAllPairsFinds() {
    SplittableRandom rng = new SplittableRandom(7);
    List<Long> hashes = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Clustered hashes: a few bases with random flips, so near pairs exist at many distances.
      long base = new SplittableRandom(i % 40).nextLong();
      long h = base;
      for (int f = rng.nextInt(0, 12); f > 0; f--) {
        h ^= 1L << rng.nextInt(64);
      }
      hashes.add(h);
    }
    for (int t : new int[] {0, 3, 6}) {
      NearDuplicateIndex index = new NearDuplicateIndex(t);
      List<Long> kept = new ArrayList<>();
      for (long h : hashes) {
        boolean near = kept.stream().anyMatch(k -> Long.bitCount(k ^ h) <= t);
        assertThat(index.hasNear(h)).isEqualTo(near);
        if (!near) {
          kept.add(h);
          index.add(h);
        }
      }
    }
  }

  @Test
  void differenceHashOfKnownImages() {
    byte[] constant = new byte[ROWS * COLS];
    byte[] risingToTheRight = new byte[ROWS * COLS];
    for (int i = 0; i < risingToTheRight.length; i++) {
      risingToTheRight[i] = (byte) (9 * (i % COLS));
    }

    assertThat(DifferenceHash.of(constant, 0, ROWS, COLS)).isZero();
    assertThat(DifferenceHash.of(risingToTheRight, 0, ROWS, COLS)).isEqualTo(-1L);
  }

  @Test
  void balancedSubsamplingKeepsTheSameCountPerClassDeterministically() {
    List<byte[]> images = new ArrayList<>();
    int[] labels = new int[1000];
    for (int i = 0; i < 1000; i++) {
      images.add(new byte[ROWS * COLS]);
      // Class 0 has 400 records, classes 1..4 have 150 each.
      labels[i] = i < 400 ? 0 : 1 + (i - 400) / 150;
    }
    SourceData d = data(images, labels);
    OptimizeConfig half = new OptimizeConfig(false, false, 4, 0.5);

    DataOptimizer.Result r = new DataOptimizer(half, 5, 42).apply(d);

    // 500 records over 5 classes: 100 each.
    int[] perClass = new int[5];
    for (int i = 0; i < r.kept().images().count(); i++) {
      perClass[r.kept().images().label(i)]++;
    }
    assertThat(perClass).containsExactly(100, 100, 100, 100, 100);
    assertThat(r.subsampled()).isEqualTo(500);
    assertThat(r.kept().recordIds()).isSorted();
    assertThat(new DataOptimizer(half, 5, 42).apply(d).kept().recordIds())
        .isEqualTo(r.kept().recordIds());
    assertThat(new DataOptimizer(half, 5, 43).apply(d).kept().recordIds())
        .isNotEqualTo(r.kept().recordIds());
  }

  @Test
  void aSmallClassKeepsAllItsRecords() {
    List<byte[]> images = new ArrayList<>();
    int[] labels = new int[100];
    for (int i = 0; i < 100; i++) {
      images.add(new byte[ROWS * COLS]);
      labels[i] = i < 90 ? 0 : 1;
    }

    DataOptimizer.Result r =
        new DataOptimizer(new OptimizeConfig(false, false, 4, 0.4), 2, 1)
            .apply(data(images, labels));

    // Quota 20 per class: class 0 keeps 20, class 1 all of its 10.
    assertThat(r.kept().images().count()).isEqualTo(30);
  }
}
