package org.greentrain.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.greentrain.pipeline.EnergySetup;
import org.greentrain.train.ZeusCost;
import org.greentrain.tune.EnergyOptimizer;
import org.greentrain.tune.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Benchmark: {@code train.optimize = energy} over nightly recurrences, replayed on the trainings
 * that {@code greentrain tune} measured ({@link RecurrenceReplay}): the mean training energy of
 * each night over many replays, against the configured settings every night and against an oracle
 * that trains with the cheapest settings from the first night (the regret).
 */
@Command(
    name = "bench-recurrences",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark: train.optimize = energy replayed over the tuning_trials of a warehouse.")
final class BenchRecurrencesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--warehouse", required = true, description = "Warehouse with tuning_trials.")
  String warehouse;

  @Option(
      names = "--conf",
      description = "key=value: the config of the runs (tune.candidates as in the tuning).")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = "--nights", defaultValue = "10")
  int nights;

  @Option(names = "--replays", defaultValue = "1000")
  int replays;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Task threads of the runs, for P_max when tune.max-power-w is 0")
  int threads;

  @Override
  public Integer call() throws Exception {
    GreenTrainConfig config = ConfigLoader.load(null, conf);
    // P_max as train.optimize takes it (EnergyOptimization).
    double maxPowerWatts =
        config.tune().maxPowerW() > 0
            ? config.tune().maxPowerW()
            : EnergySetup.maxPowerWatts(config.energy(), threads);
    List<List<RecurrenceReplay.Outcome>> traces = traces(config);
    double[] mean = new double[nights];
    int[][] chosen = new int[nights][traces.size() + 1];
    int unreached = 0;
    for (int r = 0; r < replays; r++) {
      RecurrenceReplay.Nights n =
          RecurrenceReplay.replay(config, traces, nights, 1_000 + r, maxPowerWatts);
      for (int i = 0; i < nights; i++) {
        mean[i] += n.joules()[i] / replays;
        chosen[i][n.arms()[i]]++;
        unreached += n.reached()[i] ? 0 : 1;
      }
    }
    double configured = meanReached(traces.get(0));
    // The oracle knows from night 1 the settings of least mean cost, the optimizer's objective.
    ZeusCost cost = new ZeusCost(config.tune().eta(), maxPowerWatts);
    double leastCost = Double.POSITIVE_INFINITY;
    double oracle = Double.NaN;
    int oracleArm = 0;
    for (int a = 0; a < traces.size(); a++) {
      List<RecurrenceReplay.Outcome> t = traces.get(a);
      double c = t.stream().mapToDouble(o -> cost.of(o.joules(), o.seconds())).average().orElse(0);
      if (allReached(t) && c < leastCost) {
        leastCost = c;
        oracle = meanReached(t);
        oracleArm = a + 1;
      }
    }
    print(traces, mean, chosen, configured, oracle, oracleArm, unreached, maxPowerWatts, config);
    return 0;
  }

  /** The measured trainings per arm, read from every tuning_trials row of the warehouse. */
  private List<List<RecurrenceReplay.Outcome>> traces(GreenTrainConfig config) throws Exception {
    List<Trial> arms = EnergyOptimizer.arms(config);
    List<Map<String, Double>> knobs = new ArrayList<>();
    List<List<RecurrenceReplay.Outcome>> traces = new ArrayList<>();
    for (Trial arm : arms) {
      knobs.add(EnergyOptimizer.knobs(arm.config()));
      traces.add(new ArrayList<>());
    }
    ObjectMapper json = new ObjectMapper();
    for (Row row : trialRows()) {
      Map<String, Object> settings = json.readValue(row.getString(0), new TypeReference<>() {});
      Map<String, Double> k = EnergyOptimizer.knobs(config.withValues(settings));
      int arm = knobs.indexOf(k);
      if (arm < 0) {
        continue; // a trial of settings that are not among this config's candidates
      }
      boolean reached = row.getBoolean(1) && !row.isNullAt(2);
      traces
          .get(arm)
          .add(
              reached
                  ? new RecurrenceReplay.Outcome(true, row.getDouble(2), row.getDouble(3))
                  : new RecurrenceReplay.Outcome(false, row.getDouble(4), row.getDouble(5)));
    }
    for (int a = 0; a < traces.size(); a++) {
      if (traces.get(a).isEmpty()) {
        throw new IllegalArgumentException(
            "No tuning trial in "
                + warehouse
                + " has the settings "
                + arms.get(a).label()
                + " (settings "
                + (a + 1)
                + "); tune them first");
      }
    }
    return traces;
  }

  /** Every tuning_trials row: settings, reached, energy and time to accuracy, energy, time. */
  private List<Row> trialRows() {
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("bench-recurrences")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      return spark
          .read()
          .parquet(warehouse + "/tables/tuning_trials")
          .select(
              "settings",
              "reached",
              "energy_to_accuracy_j",
              "time_to_accuracy_s",
              "energy_j",
              "wall_s")
          .collectAsList();
    } finally {
      spark.stop();
    }
  }

  private void print(
      List<List<RecurrenceReplay.Outcome>> traces,
      double[] mean,
      int[][] chosen,
      double configured,
      double oracle,
      int oracleArm,
      int unreached,
      double maxPowerWatts,
      GreenTrainConfig config) {
    for (int a = 0; a < traces.size(); a++) {
      row(
          String.format(
              Locale.ROOT, "settings %d: trainings measured, reached; mean J to target", a + 1),
          traces.get(a).size()
              + ", "
              + traces.get(a).stream().filter(RecurrenceReplay.Outcome::reached).count()
              + "; "
              + fmt(meanReached(traces.get(a)), 1));
    }
    double regret = 0;
    for (int i = 0; i < nights; i++) {
      regret += mean[i] - oracle;
      int most = 1;
      for (int a = 1; a < chosen[i].length; a++) {
        most = chosen[i][a] > chosen[i][most] ? a : most;
      }
      row(
          String.format(
              Locale.ROOT, "night %d: mean training J; most chosen settings (share)", i + 1),
          fmt(mean[i], 1)
              + "; "
              + most
              + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * chosen[i][most] / replays));
    }
    row("configured settings every night, mean J (settings 1)", fmt(configured, 1));
    row(
        String.format(
            Locale.ROOT,
            "P_max W; eta; oracle: least cost from night 1, mean J (settings %d)",
            oracleArm),
        fmt(maxPowerWatts, 2) + "; " + config.tune().eta() + "; " + fmt(oracle, 1));
    row(
        "night " + nights + " J below the configured settings (target >= 25%)",
        String.format(Locale.ROOT, "%.1f%%", 100 * (1 - mean[nights - 1] / configured)));
    row("cumulative regret over " + nights + " nights, J", fmt(regret, 1));
    row(
        "nights that did not reach the target (all replays)",
        String.format(Locale.ROOT, "%d of %d", unreached, nights * replays));
  }

  private static double meanReached(List<RecurrenceReplay.Outcome> outcomes) {
    return outcomes.stream()
        .filter(RecurrenceReplay.Outcome::reached)
        .mapToDouble(RecurrenceReplay.Outcome::joules)
        .average()
        .orElse(Double.NaN);
  }

  private static boolean allReached(List<RecurrenceReplay.Outcome> outcomes) {
    return outcomes.stream().allMatch(RecurrenceReplay.Outcome::reached);
  }

  private void row(String name, String value) {
    spec.commandLine().getOut().printf(Locale.ROOT, "| %-62s | %18s |%n", name, value);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
