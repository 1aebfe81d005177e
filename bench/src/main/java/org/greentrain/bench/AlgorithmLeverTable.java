package org.greentrain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The algorithm lever, side by side: one line per run (one model each, same data and config
 * otherwise), from the warehouse's evaluations, stage_energy and training_rounds rows. Plain
 * values, so the table is tested without Spark.
 */
final class AlgorithmLeverTable {

  /**
   * What the table shows of one run; NaN or -1 where the tables hold no value. {@code trainJ} and
   * {@code trainS} include the {@code earlier} rounds of a resumed run.
   */
  record Line(
      String run,
      String model,
      long parameters,
      long flopsPerImage,
      double trainJ,
      double trainS,
      double accuracy,
      double int8Ratio,
      double int8Accuracy,
      double inferenceJPer1k,
      double int8InferenceJPer1k,
      EarlierRounds earlier) {}

  private final List<Line> lines = new ArrayList<>();

  void add(Line line) {
    lines.add(line);
  }

  /**
   * The table in Markdown, the models in the order added, then a line for each resumed run saying
   * what its training figures include.
   */
  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        "| model | run | parameters | MFLOPs/image | train J | train s | test acc fp32 | int8"
            + " S1/S2 | test acc int8 | inference J/1k fp32 | inference J/1k int8 |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Line l : lines) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %.2f | %.0f | %.1f | %.2f%% | %.2f | %.2f%% | %.2f | %.2f |%n",
              l.model(),
              l.run(),
              l.parameters(),
              l.flopsPerImage() / 1e6,
              l.trainJ(),
              l.trainS(),
              100 * l.accuracy(),
              l.int8Ratio(),
              100 * l.int8Accuracy(),
              l.inferenceJPer1k(),
              l.int8InferenceJPer1k()));
    }
    for (Line l : lines) {
      if (l.earlier().rounds() > 0) {
        out.append(
            String.format(
                Locale.ROOT,
                "%n%s resumed: train J and s include %d rounds of earlier applications, %,.0f J"
                    + " and %.1f s (training_rounds).%n",
                l.run(),
                l.earlier().rounds(),
                l.earlier().energyJ(),
                l.earlier().wallS()));
      }
    }
    return out.toString();
  }
}
