package org.greentrain.train;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.greentrain.energy.Carbon;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.store.TrainingRound;

/**
 * Follows training round by round on the driver: prints a progress line (with the validation
 * accuracy when validating), checkpoints the training state every few rounds, predicts the whole
 * training's energy once the first round's energy is known, stops at the energy budget, and keeps
 * the rounds for the training_rounds table.
 */
final class RoundProgress implements LocalSgd.RoundListener {

  private final PrintWriter out;
  private final EnergyBudget budget;
  private final EnergyDriverPlugin plugin;
  private final long trainingStartMs;
  private final Checkpoints checkpoints;
  private final int checkpointEvery;
  private final List<RoundResult> rounds = new ArrayList<>();
  private boolean predicted;
  private Double predictedKwh;

  RoundProgress(
      PrintWriter out,
      EnergyBudget budget,
      EnergyDriverPlugin plugin,
      long startMs,
      Checkpoints checkpoints,
      int checkpointEvery) {
    this.checkpoints = checkpoints;
    this.checkpointEvery = checkpointEvery;
    this.out = out;
    this.budget = budget;
    this.plugin = plugin;
    this.trainingStartMs = startMs;
    if (budget.budgetJoules() > 0 && plugin == null) {
      out.println("      warning: train.energy-budget-kwh is ignored: the energy plugin is off");
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
      double joules = budget.predictedJoules(rounds.size(), soFar);
      predictedKwh = joules / 3.6e6;
      out.printf(
          Locale.ROOT,
          "      predicted training energy: %.6f kWh, %.3f g CO2e for %d rounds (from %d round%s)%n",
          predictedKwh,
          Carbon.gramsCo2e(joules, plugin.pue(), plugin.carbon()),
          budget.plannedRounds(),
          rounds.size(),
          rounds.size() == 1 ? "" : "s");
    }
  }

  @Override
  public void onSnapshot(RoundResult r, LocalSgd.Snapshot snapshot) {
    int done = r.round() + 1;
    if (checkpointEvery > 0 && (done % checkpointEvery == 0 || done == r.rounds())) {
      checkpoints.save(snapshot, done, r.rounds());
    }
  }

  @Override
  public Optional<String> stopAfter(RoundResult r) {
    double soFar = joulesSoFar(r.endedAtMs());
    if (Double.isNaN(soFar)) {
      return Optional.empty();
    }
    Optional<String> stop = budget.stopAfter(rounds.size(), soFar);
    stop.ifPresent(reason -> out.println("      " + reason));
    return stop;
  }

  /** The first prediction of the whole training's energy, if one could be made. */
  Optional<Double> predictedKwh() {
    return Optional.ofNullable(predictedKwh);
  }

  /** The rounds with their energy, once every executor has reported past the last round. */
  List<TrainingRound> rounds() {
    List<TrainingRound> out = new ArrayList<>();
    for (RoundResult r : rounds) {
      Double joules = null;
      Double co2e = null;
      Boolean estimated = null;
      String method = null;
      if (plugin != null && plugin.hasRows()) {
        joules = plugin.applicationJoulesBetween(r.startedAtMs(), r.endedAtMs());
        co2e = Carbon.gramsCo2e(joules, plugin.pue(), plugin.carbon());
        // The same plugin rows as the joules, so the same meter says how they were obtained.
        estimated = plugin.isEstimated();
        method = plugin.method();
      }
      out.add(
          new TrainingRound(
              r.round(),
              r.rounds(),
              r.trainLoss(),
              r.learningRate(),
              r.samples(),
              r.wallSeconds(),
              Instant.ofEpochMilli(r.startedAtMs()).toString(),
              joules,
              co2e,
              estimated,
              method,
              r.isValidated() ? r.validationAccuracy() : null));
    }
    return out;
  }

  /**
   * Application energy since training started; the part whose sampling windows have not reached the
   * driver yet is extrapolated from the part that has. NaN before any window covers it.
   */
  private double joulesSoFar(long nowMs) {
    if (plugin == null) {
      return Double.NaN;
    }
    long covered = Math.min(nowMs, plugin.coveredUntilMs());
    if (covered <= trainingStartMs) {
      return Double.NaN;
    }
    double joules = plugin.applicationJoulesBetween(trainingStartMs, covered);
    return joules * (nowMs - trainingStartMs) / (double) (covered - trainingStartMs);
  }
}
