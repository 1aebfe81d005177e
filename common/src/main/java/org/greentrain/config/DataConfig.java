package org.greentrain.config;

import java.io.Serializable;

/** Where the labelled images come from and what they look like. */
public record DataConfig(String source, int numClasses, int rows, int cols)
    implements Serializable {

  public DataConfig {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("Invalid data.source: it is empty");
    }
    Checks.atLeast("data.num-classes", numClasses, 2);
    Checks.atLeast("data.rows", rows, 8);
    Checks.atLeast("data.cols", cols, 8);
  }
}
