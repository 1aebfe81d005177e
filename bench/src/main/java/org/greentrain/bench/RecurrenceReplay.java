package org.greentrain.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.train.ZeusCost;
import org.greentrain.tune.EnergyOptimizer;
import org.greentrain.tune.Trial;

/**
 * Nightly runs with {@code train.optimize = energy}, replayed: each night the production decision
 * ({@link EnergyOptimizer#decide}) picks settings from the nights before, and the night's training
 * is one of the measured trainings with those settings, drawn at random. A training whose cost
 * passes the night's limit is cut there, as the running training would have been: it spends the
 * limit's share of its energy and time and does not reach the target.
 */
final class RecurrenceReplay {

  /** One measured training of some settings: whether it reached the target, and its cost. */
  record Outcome(boolean reached, double joules, double seconds) {}

  /** Each night's settings (1 = configured) and training energy (J). */
  record Nights(int[] arms, double[] joules, boolean[] reached) {}

  private RecurrenceReplay() {}

  /**
   * @param traces for each arm of {@link EnergyOptimizer#arms}, its measured trainings (at least
   *     one each)
   * @param seed this replay's seed: it seeds the nights' {@code run.seed} and the draws
   */
  static Nights replay(
      GreenTrainConfig config,
      List<List<Outcome>> traces,
      int nights,
      long seed,
      double maxPowerWatts) {
    List<Trial> arms = EnergyOptimizer.arms(config);
    if (traces.size() != arms.size()) {
      throw new IllegalArgumentException(
          traces.size() + " traces for " + arms.size() + " settings");
    }
    GreenTrainConfig seeded = config.withValues(Map.of("run.seed", seed));
    ZeusCost cost = new ZeusCost(config.tune().eta(), maxPowerWatts);
    SplittableRandom draws = new SplittableRandom(seed);
    List<EnergyOptimizer.Observation> history = new ArrayList<>();
    Nights out = new Nights(new int[nights], new double[nights], new boolean[nights]);
    for (int n = 0; n < nights; n++) {
      EnergyOptimizer.Decision d = EnergyOptimizer.decide(seeded, history, maxPowerWatts);
      int arm = d.arm().number() - 1;
      List<Outcome> measured = traces.get(arm);
      Outcome o = measured.get(draws.nextInt(measured.size()));
      double limit = d.limit().limitJoules();
      double c = cost.of(o.joules(), o.seconds());
      if (limit > 0 && c > limit) {
        double share = limit / c;
        o = new Outcome(false, o.joules() * share, o.seconds() * share);
      }
      out.arms()[n] = arm + 1;
      out.joules()[n] = o.joules();
      out.reached()[n] = o.reached();
      history.add(
          new EnergyOptimizer.Observation(
              "night " + (n + 1),
              EnergyOptimizer.knobs(d.arm().config()),
              o.reached(),
              o.joules(),
              o.seconds()));
    }
    return out;
  }
}
