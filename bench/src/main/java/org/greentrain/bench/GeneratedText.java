package org.greentrain.bench;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Text for the word-count benchmark, made up on the fly so no data file is needed: lines of {@link
 * #WORDS_PER_LINE} words, each drawn from a vocabulary of {@link #VOCABULARY} words ({@code w0},
 * {@code w1}, ...) with a skew towards the first ones, as in real text. The same partition gives
 * the same lines.
 */
final class GeneratedText {

  static final int WORDS_PER_LINE = 12;
  static final int VOCABULARY = 50_000;

  private GeneratedText() {}

  /** The {@code count} lines of partition {@code partition}, generated as they are read. */
  static Iterable<String> lines(int partition, int count) {
    return () ->
        new Iterator<>() {
          private final SplittableRandom random = new SplittableRandom(partition);
          private final StringBuilder line = new StringBuilder();
          private int made;

          @Override
          public boolean hasNext() {
            return made < count;
          }

          @Override
          public String next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            made++;
            line.setLength(0);
            for (int w = 0; w < WORDS_PER_LINE; w++) {
              if (w > 0) {
                line.append(' ');
              }
              line.append('w').append(word(random.nextDouble()));
            }
            return line.toString();
          }
        };
  }

  /** The word index for a uniform {@code u} in [0, 1): the square skews it towards 0. */
  static int word(double u) {
    return (int) (u * u * VOCABULARY);
  }
}
