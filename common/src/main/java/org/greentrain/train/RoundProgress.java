package org.greentrain.train;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.greentrain.energy.Carbon;
import org.greentrain.energy.StageEnergy;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.store.StageImpact;
import org.greentrain.store.TrainingRound;

/**
 * Follows training round by round on the driver: prints a progress line (with the validation
 * accuracy when validating), checkpoints the training state every few rounds, predicts the whole
 * training's energy once the first round's energy is known, stops at the target accuracy or the
 * energy budget, and keeps the rounds for the training_rounds table.
 *
 * <p>A resumed training starts from the rounds its earlier attempts did ({@link RoundsDone}, from
 * the checkpoint): the budget and the prediction count their energy, checkpoints carry it on, and
 * their rows come first in {@link #rounds()}.
 */
final class RoundProgress implements LocalSgd.RoundListener {

  private final PrintWriter out;
  private final EnergyBudget budget;
  private final CostLimit costLimit;
  private final TargetAccuracy target;
  private final EnergyDriverPlugin plugin;
  private final long trainingStartMs;
  private final Checkpoints checkpoints;
  private final int checkpointEvery;
  private final RoundsDone earlier;
  private final List<RoundResult> rounds = new ArrayList<>();
  private boolean predicted;
  private Double predictedKwh;
  private TargetAccuracy.Reached reached;
  private long reachedAtMs;
  private int plannedRounds;
  private String reachedReason;

  RoundProgress(
      PrintWriter out,
      EnergyBudget budget,
      CostLimit costLimit,
      TargetAccuracy target,
      EnergyDriverPlugin plugin,
      long startMs,
      Checkpoints checkpoints,
      int checkpointEvery,
      RoundsDone earlier) {
    this.checkpoints = checkpoints;
    this.earlier = earlier;
    this.checkpointEvery = checkpointEvery;
    this.out = out;
    this.budget = budget;
    this.costLimit = costLimit;
    this.target = target;
    this.plugin = plugin;
    this.trainingStartMs = startMs;
    if (budget.budgetJoules() > 0 && plugin == null) {
      out.println("      warning: train.energy-budget-kwh is ignored: the energy plugin is off");
    }
    if (costLimit.limitJoules() > 0 && plugin == null) {
      out.println(
          "      warning: the cost limit of train.optimize is ignored: the energy plugin is off");
    }
  }

  @Override
  public void onRound(RoundResult r) {
    rounds.add(r);
    String validation =
        r.isValidated()
            ? String.format(Locale.ROOT, ", validation accuracy %.4f", r.validationAccuracy())
            : "";
    out.printf(
        Locale.ROOT,
        "      round %d/%d: loss %.4f%s, lr %.4f, %d samples, %.1f s%n",
        r.round() + 1,
        r.rounds(),
        r.trainLoss(),
        validation,
        r.learningRate(),
        r.samples(),
        r.wallSeconds());
    double soFar = joulesSoFar(r.endedAtMs());
    if (!predicted && !Double.isNaN(soFar)) {
      predicted = true;
      double joules = budget.predictedJoules(roundsDone(), earlier.joules() + soFar);
      predictedKwh = joules / 3.6e6;
      out.printf(
          Locale.ROOT,
          "      predicted training energy: %.6f kWh, %.3f g CO2e for %d rounds (from %d round%s)%n",
          predictedKwh,
          Carbon.gramsCo2e(joules, plugin.pue(), plugin.carbon()),
          budget.plannedRounds(),
          roundsDone(),
          roundsDone() == 1 ? "" : "s");
    }
  }

  @Override
  public void onSnapshot(RoundResult r, LocalSgd.Snapshot snapshot) {
    int done = r.round() + 1;
    if (checkpointEvery > 0 && (done % checkpointEvery == 0 || done == r.rounds())) {
      double soFar = joulesSoFar(System.currentTimeMillis());
      checkpoints.save(
          snapshot,
          new RoundsDone(rounds(), earlier.joules() + (Double.isNaN(soFar) ? 0 : soFar)),
          r.rounds());
    }
  }

  @Override
  public Optional<String> stopAfter(RoundResult r) {
    if (budget.budgetJoules() > 0 || costLimit.limitJoules() > 0) {
      awaitWindowsOf(r);
    }
    double soFar = joulesSoFar(r.endedAtMs());
    Optional<TargetAccuracy.Reached> hit =
        target.reachedBy(r, earlier.joules() + soFar, trainingSeconds());
    if (hit.isPresent()) {
      reached = hit.get();
      reachedAtMs = r.endedAtMs();
      plannedRounds = r.rounds();
      reachedReason = target.stopReason(reached, plannedRounds);
      out.println("      " + reachedReason);
      return Optional.of(reachedReason);
    }
    if (Double.isNaN(soFar)) {
      return Optional.empty();
    }
    Optional<String> stop = budget.stopAfter(roundsDone(), earlier.joules() + soFar);
    if (stop.isEmpty()) {
      stop =
          costLimit.stopAfter(
              roundsDone(), budget.plannedRounds(), earlier.joules() + soFar, trainingSeconds());
    }
    stop.ifPresent(reason -> out.println("      " + reason));
    return stop;
  }

  /**
   * Waits, at most three sampling intervals and 2 s, until every JVM's windows cover the end of
   * round {@code r}: a budget decided on rounds shorter than a window would otherwise see no
   * measurement yet, or only the idle start of the round, and let a round run over it.
   */
  private void awaitWindowsOf(RoundResult r) {
    if (plugin == null || plugin.coveredUntilMs() >= r.endedAtMs()) {
      return;
    }
    try {
      plugin.awaitWindowsUntil(r.endedAtMs(), 3 * plugin.sampleIntervalMs() + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The round that reached train.target-accuracy, if one did, with the energy to it as measured
   * now: when training stopped, the last sampling windows had not reached the driver yet.
   */
  Optional<TargetAccuracy.Reached> reachedTarget() {
    if (reached == null) {
      return Optional.empty();
    }
    double joules = earlier.joules() + joulesSoFar(reachedAtMs);
    return Optional.of(
        new TargetAccuracy.Reached(reached.round(), reached.accuracy(), joules, reached.seconds()));
  }

  /**
   * {@code notes} with the target's stop reason, printed with the energy known when training
   * stopped, told again with the energy of {@link #reachedTarget()}: so that the notes and
   * energy_to_accuracy_j of one row say the same.
   */
  String withFinalTargetEnergy(String notes) {
    if (reached == null) {
      return notes;
    }
    return notes.replace(
        reachedReason, target.stopReason(reachedTarget().orElseThrow(), plannedRounds));
  }

  /** Wall time of every round done, earlier attempts' included. */
  private double trainingSeconds() {
    double seconds = 0;
    for (TrainingRound t : earlier.rounds()) {
      seconds += t.wallSeconds();
    }
    for (RoundResult t : rounds) {
      seconds += t.wallSeconds();
    }
    return seconds;
  }

  /** The first prediction of the whole training's energy, if one could be made. */
  Optional<Double> predictedKwh() {
    return Optional.ofNullable(predictedKwh);
  }

  /** Energy of the rounds earlier attempts did before this one resumed (J). */
  double earlierJoules() {
    return earlier.joules();
  }

  /**
   * Operational CO2e of {@link #earlierJoules()} (g), at this attempt's PUE and grid intensity, as
   * the stage's own is; 0 without the energy plugin.
   */
  double earlierCo2eGrams() {
    return plugin == null ? 0 : Carbon.gramsCo2e(earlier.joules(), plugin.pue(), plugin.carbon());
  }

  /**
   * Every round done, earlier attempts' first, with their energy: measured once every executor has
   * reported past a round, the part not reported yet extrapolated at this attempt's mean power. The
   * round's CO2e, embodied CO2e and water are derived from its interval as a stage's are ({@link
   * StageEnergy#of}, {@link StageImpact#of}): embodied CO2e from the node hours the application's
   * rows held in the round, water from the round's energy.
   */
  List<TrainingRound> rounds() {
    List<TrainingRound> out = new ArrayList<>(earlier.rounds());
    for (RoundResult r : rounds) {
      StageEnergy e = energyOf(r);
      out.add(
          new TrainingRound(
              r.round(),
              r.rounds(),
              r.trainLoss(),
              r.learningRate(),
              r.samples(),
              r.wallSeconds(),
              Instant.ofEpochMilli(r.startedAtMs()).toString(),
              e == null ? null : e.joules(),
              e == null ? null : e.co2eGrams(),
              // The same plugin rows as the joules, so the same meter says how they were obtained.
              e == null ? null : e.estimated(),
              e == null ? null : e.method(),
              r.isValidated() ? r.validationAccuracy() : null,
              e == null ? null : StageImpact.of(e)));
    }
    return out;
  }

  /** The round's energy and impact, or null without a measurement. */
  private StageEnergy energyOf(RoundResult r) {
    if (plugin == null) {
      return null;
    }
    double joules = between(r.startedAtMs(), r.endedAtMs(), plugin::applicationJoulesBetween);
    if (Double.isNaN(joules)) {
      return null;
    }
    return StageEnergy.of(
        joules,
        between(r.startedAtMs(), r.endedAtMs(), plugin::joulesBetween),
        plugin.isEstimated(),
        plugin.method(),
        plugin.carbon(),
        plugin.pue(),
        between(r.startedAtMs(), r.endedAtMs(), plugin::applicationEmbodiedGramsBetween),
        plugin.impact());
  }

  private int roundsDone() {
    return earlier.count() + rounds.size();
  }

  /** Application energy of this attempt since training started, as {@link #joulesBetween}. */
  private double joulesSoFar(long nowMs) {
    return joulesBetween(trainingStartMs, nowMs);
  }

  /** Application energy in {@code [startMs, endMs]} of this attempt, as {@link #between}. */
  private double joulesBetween(long startMs, long endMs) {
    return plugin == null ? Double.NaN : between(startMs, endMs, plugin::applicationJoulesBetween);
  }

  /**
   * A quantity of the plugin's rows in {@code [startMs, endMs]} of this attempt (J, g CO2e):
   * measured as far as the sampling windows have reached the driver, the rest at this attempt's
   * mean rate so far. NaN before any window covers the attempt; needs the plugin.
   */
  private double between(long startMs, long endMs, Between quantity) {
    if (!plugin.hasRows()) {
      return Double.NaN;
    }
    long covered = Math.min(endMs, plugin.coveredUntilMs());
    if (covered <= trainingStartMs) {
      return Double.NaN;
    }
    double perMs = quantity.between(trainingStartMs, covered) / (covered - trainingStartMs);
    double measured = covered > startMs ? quantity.between(startMs, covered) : 0;
    return measured + perMs * (endMs - Math.max(startMs, covered));
  }

  /** A sum over the plugin's rows prorated to an interval of epoch milliseconds. */
  @FunctionalInterface
  private interface Between {
    double between(long fromMs, long toMs);
  }
}
