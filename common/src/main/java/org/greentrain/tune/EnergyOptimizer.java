package org.greentrain.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.data.Seeds;
import org.greentrain.train.CostLimit;
import org.greentrain.train.ZeusCost;

/**
 * {@code train.optimize = energy}: chooses a run's settings among the configured ones (arm 1) and
 * {@code tune.candidates} (arms 2 on) from what earlier runs and tuning trials with those settings
 * cost, by {@link ThompsonSampler} over {@link ZeusCost}; and sets the run's cost limit to {@code
 * tune.beta} times the least cost known for reaching the target. Plain Java: the history comes in
 * as {@link Observation}s.
 */
public final class EnergyOptimizer {

  /**
   * A training of the past with the same model, data and target.
   *
   * @param knobs the value of each {@link org.greentrain.config.TuneConfig#KNOBS knob} it trained
   *     with
   * @param reached whether it reached the target; {@code joules} and {@code seconds} are then its
   *     energy and time to accuracy, else what its training spent without reaching it (a lower
   *     bound of the cost, and for a stopped training at least the limit it passed)
   */
  public record Observation(
      String source, Map<String, Double> knobs, boolean reached, double joules, double seconds) {}

  /**
   * The settings to train with.
   *
   * @param arm the chosen settings: {@code number()} 1 is the configured settings
   * @param explored whether the choice explored (settings not tried, or not the lowest mean cost)
   * @param note the choice in one line, for the run's output and notes
   */
  public record Decision(Trial arm, boolean explored, CostLimit limit, String note) {}

  private EnergyOptimizer() {}

  /** The arms: the configured settings, then each candidate (learning rate scaled as in tune). */
  public static List<Trial> arms(GreenTrainConfig config) {
    List<Trial> arms = new ArrayList<>();
    arms.add(new Trial(1, new TreeMap<>(), config));
    List<SortedMap<String, Object>> candidates = config.tune().candidates();
    for (int i = 0; i < candidates.size(); i++) {
      SortedMap<String, Object> settings = Trials.settings(candidates.get(i), config);
      arms.add(new Trial(i + 2, settings, config.withValues(settings)));
    }
    return arms;
  }

  /**
   * Decides from {@code history}; deterministic for the same config ({@code run.seed} included) and
   * history.
   *
   * @param maxPowerWatts the power that turns time into joules in the cost
   */
  public static Decision decide(
      GreenTrainConfig config, List<Observation> history, double maxPowerWatts) {
    List<Trial> arms = arms(config);
    ZeusCost cost = new ZeusCost(config.tune().eta(), maxPowerWatts);
    Costs known = Costs.of(arms, history, cost);
    double least = known.leastReached();
    int matched = known.matched();
    List<List<Double>> costs = known.perArm();
    CostLimit limit =
        Double.isInfinite(least)
            ? CostLimit.NONE
            : new CostLimit(cost, config.tune().beta() * least);
    String limitNote = limitNote(limit, config.tune().beta(), least);
    if (matched == 0) {
      return new Decision(
          arms.get(0),
          false,
          limit,
          "train.optimize = energy: no earlier training with any of the settings: the"
              + " configured settings"
              + limitNote);
    }
    ThompsonSampler.Choice choice =
        ThompsonSampler.choose(costs, Seeds.mix(config.run().seed(), history.size()));
    Trial arm = arms.get(choice.arm());
    return new Decision(
        arm,
        choice.explored(),
        limit,
        String.format(
            Locale.ROOT,
            "train.optimize = energy: settings %d of %d %s, %s (%s) from %d earlier trainings%s",
            arm.number(),
            arms.size(),
            arm.label(),
            choice.explored() ? "explored" : "exploited",
            choice.reason(),
            matched,
            limitNote));
  }

  /**
   * What the history says of each arm.
   *
   * @param perArm the costs of the trainings with each arm's settings, in arm order
   * @param leastReached the least cost of a training that reached the target; infinite if none
   * @param matched the trainings that used one of the arms
   */
  private record Costs(List<List<Double>> perArm, double leastReached, int matched) {

    static Costs of(List<Trial> arms, List<Observation> history, ZeusCost cost) {
      List<List<Double>> perArm = new ArrayList<>();
      double least = Double.POSITIVE_INFINITY;
      int matched = 0;
      for (Trial arm : arms) {
        List<Double> armCosts = new ArrayList<>();
        Map<String, Double> knobs = knobs(arm.config());
        for (Observation o : history) {
          if (sameKnobs(knobs, o.knobs())) {
            double c = cost.of(o.joules(), o.seconds());
            armCosts.add(c);
            matched++;
            if (o.reached()) {
              least = Math.min(least, c);
            }
          }
        }
        perArm.add(armCosts);
      }
      return new Costs(perArm, least, matched);
    }
  }

  private static String limitNote(CostLimit limit, double beta, double least) {
    return limit.limitJoules() > 0
        ? String.format(
            Locale.ROOT,
            "; cost limit %.0f J (tune.beta %s x least known %.0f J)",
            limit.limitJoules(),
            beta,
            least)
        : "; no cost limit (no training with these settings reached the target yet)";
  }

  /** Each knob's value in {@code config}, as a number. */
  public static Map<String, Double> knobs(GreenTrainConfig config) {
    Map<String, Double> out = new TreeMap<>();
    RecommendedConfig.knobs(config).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
    return out;
  }

  private static boolean sameKnobs(Map<String, Double> arm, Map<String, Double> observed) {
    for (Map.Entry<String, Double> e : arm.entrySet()) {
      Double o = observed.get(e.getKey());
      if (o == null || Math.abs(o - e.getValue()) > 1e-9 * Math.max(1, Math.abs(e.getValue()))) {
        return false;
      }
    }
    return true;
  }
}
