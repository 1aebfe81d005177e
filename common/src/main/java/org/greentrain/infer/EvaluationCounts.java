package org.greentrain.infer;

import java.io.Serializable;

/**
 * Confusion counts of a classifier over a test set: {@code matrix[actual][predicted]}. Mergeable so
 * partitions can be reduced in any order.
 */
public record EvaluationCounts(long[][] matrix) implements Serializable {

  public static EvaluationCounts empty(int classes) {
    return new EvaluationCounts(new long[classes][classes]);
  }

  public void add(int actual, int predicted) {
    matrix[actual][predicted]++;
  }

  public EvaluationCounts merge(EvaluationCounts other) {
    for (int a = 0; a < matrix.length; a++) {
      for (int p = 0; p < matrix.length; p++) {
        matrix[a][p] += other.matrix[a][p];
      }
    }
    return this;
  }

  public long total() {
    long n = 0;
    for (long[] row : matrix) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  public long correct() {
    long n = 0;
    for (int i = 0; i < matrix.length; i++) {
      n += matrix[i][i];
    }
    return n;
  }

  /** Top-1 accuracy in [0, 1]. */
  public double accuracy() {
    long total = total();
    return total == 0 ? Double.NaN : correct() / (double) total;
  }

  /** Accuracy on the images whose true class is {@code c}. */
  public double classAccuracy(int c) {
    long n = 0;
    for (long v : matrix[c]) {
      n += v;
    }
    return n == 0 ? Double.NaN : matrix[c][c] / (double) n;
  }
}
