package org.greentrain.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.greentrain.config.TrainConfig;
import org.greentrain.data.spark.AugmentStage;
import org.greentrain.energy.spark.EnergyDriverPlugin;
import org.greentrain.error.UserError;
import org.greentrain.model.BatchNormFolding;
import org.greentrain.model.ConvolutionCheck;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.NamedTensor;
import org.greentrain.model.WeightInit;
import org.greentrain.pipeline.RunContext;
import org.greentrain.pipeline.StageOutcome;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.TaskDevice;
import org.greentrain.runtime.WeightConstraint;
import org.greentrain.store.TrainingRound;
import org.greentrain.store.TrainingRoundsTable;

/** Stage 2: data-parallel local SGD over the augmented shards; writes the fp32 model. */
public final class TrainStage {

  public static final String STAGE = "train";

  /** The run's training data: shards to train on and, when validating, the held-out records. */
  private record Data(JavaRDD<ShardData> shards, JavaRDD<ShardData> validation, Set<Long> heldOut) {

    boolean isValidated() {
      return validation != null;
    }

    void release() {
      shards.unpersist();
      if (validation != null) {
        validation.unpersist();
      }
    }
  }

  /** Where training starts: a snapshot, and the rounds earlier attempts did before it. */
  private record Start(LocalSgd.Snapshot snapshot, RoundsDone earlier) {

    int firstRound() {
      return earlier.count();
    }
  }

  /**
   * What training produced, before it is written; {@code taskThreads} what its tasks ran with
   * ({@link DistributedTrainer.SparkRoundRunner#taskThreads()}).
   */
  private record Trained(
      LocalSgd.Outcome outcome,
      ModelWeights weights,
      RoundProgress progress,
      int firstRound,
      List<TaskThreads> taskThreads) {}

  private final RunContext ctx;
  private final TrainConfig t;
  // With train.batch-norm, and always for the zoo networks, the network trains with
  // normalisation layers that are folded away at the end: the model written has the plain
  // (folded) architecture.
  private final ModelSpec spec;
  private final long seed;
  private final DistributedTrainer trainer;
  private final CostLimit costLimit;

  public TrainStage(RunContext ctx) {
    this(ctx, CostLimit.NONE);
  }

  /** A training that also stops at the last round within {@code costLimit} (train.optimize). */
  public TrainStage(RunContext ctx, CostLimit costLimit) {
    this.ctx = ctx;
    this.costLimit = costLimit;
    this.t = ctx.config().train();
    this.spec = ctx.modelSpec().forTraining(t.batchNorm());
    this.seed = ctx.config().run().seed();
    this.trainer =
        new DistributedTrainer(ctx.spark(), spec, seed, t.gpuPowerLimitW(), t.taskCpus());
  }

  /** Trains afresh, deleting the run's earlier checkpoints. */
  public StageOutcome run() {
    return train(Mode.FRESH);
  }

  /** Continues from the run's latest checkpoint; fails if it has none. */
  public StageOutcome resume() {
    return train(Mode.RESUME);
  }

  /**
   * Continues from the run's latest checkpoint if it has one (a training that was interrupted),
   * else trains afresh: what {@code greentrain run --resume} does for an unfinished train stage.
   */
  public StageOutcome resumeIfCheckpointed() {
    return train(Mode.RESUME_IF_CHECKPOINTED);
  }

  private enum Mode {
    FRESH,
    RESUME,
    RESUME_IF_CHECKPOINTED
  }

  private StageOutcome train(Mode mode) {
    ctx.require(ctx.warehouse().augmented(ctx.runId()), "augmented data", AugmentStage.STAGE);
    Data data = load();
    DistributedTrainer.SparkRoundRunner runner = null;
    try {
      List<Integer> sizes = data.shards().map(ShardData::count).collect();
      long records = sizes.stream().mapToLong(Integer::longValue).sum();
      int rounds =
          RoundPlan.rounds(
              t.epochs(), t.rounds(), Collections.max(sizes), t.localSteps(), t.batchSize());
      int taskCpus = trainer.taskCpus();
      LocalSgd sgd = localSgd(data, rounds, taskCpus);
      Map<String, String> config = ResumeConfig.of(ctx.config(), taskCpus);
      Checkpoints checkpoints =
          new Checkpoints(
              ctx.files(),
              ctx.warehouse().checkpoints(ctx.runId()),
              ctx.run().configHash(),
              config);
      Start start = start(mode, checkpoints, rounds, config);
      runner = trainer.roundRunner(data.shards(), WeightConstraint.NONE);
      Trained trained = train(sgd, rounds, start, checkpoints, runner);
      return withNotes(write(trained, data, records, rounds), runner.powerLimitNotes());
    } finally {
      if (runner != null) {
        runner.release();
      }
      data.release();
    }
  }

  private Data load() {
    String augmented = ctx.warehouse().augmented(ctx.runId()).toString();
    ShardAssignment sharding = ShardAssignment.of(ctx.config());
    trainer.requireNormalisation(augmented, AugmentStage.normalisation(ctx));
    Set<Long> heldOut = trainer.validationRecords(augmented, t.validationFraction());
    JavaRDD<ShardData> shards = trainer.loadShards(augmented, sharding, heldOut);
    JavaRDD<ShardData> validation =
        heldOut.isEmpty() ? null : trainer.loadValidation(augmented, sharding, heldOut);
    return new Data(shards, validation, heldOut);
  }

  private Trained train(
      LocalSgd sgd,
      int rounds,
      Start start,
      Checkpoints checkpoints,
      DistributedTrainer.SparkRoundRunner runner) {
    EnergyDriverPlugin plugin = EnergyDriverPlugin.active();
    RoundProgress progress =
        new RoundProgress(
            ctx.out(),
            new EnergyBudget(t.energyBudgetKwh() * 3.6e6, rounds),
            costLimit,
            new TargetAccuracy(t.targetAccuracy()),
            plugin,
            System.currentTimeMillis(),
            checkpoints,
            t.checkpointEvery(),
            start.earlier());
    LocalSgd.Outcome outcome = trainOrExplain(sgd, start, runner, progress);
    outcome
        .stopReason()
        .filter(reason -> reason.startsWith("early stopping"))
        .ifPresent(reason -> ctx.out().println("      " + reason));
    ModelWeights weights = BatchNormFolding.toPlain(spec, outcome.weights());
    if (spec.batchNorm()) {
      ctx.out()
          .printf(
              Locale.ROOT,
              "      batch normalisation folded into the layers before it: %d"
                  + " parameters, %d before%n",
              weights.parameterCount(),
              outcome.weights().parameterCount());
    }
    if (plugin != null) {
      awaitWindows(plugin, System.currentTimeMillis());
    }
    return new Trained(outcome, weights, progress, start.firstRound(), runner.taskThreads());
  }

  /**
   * Runs the rounds; a divergence in a Spark task comes back as one line naming where, with advice
   * in terms of this config, instead of Spark's job failure around it.
   */
  private LocalSgd.Outcome trainOrExplain(
      LocalSgd sgd, Start start, LocalSgd.RoundRunner runner, RoundProgress progress) {
    try {
      return sgd.train(start.snapshot(), start.firstRound(), runner, progress);
    } catch (RuntimeException e) {
      TrainingDivergedException diverged = TrainingDivergedException.in(e).orElse(null);
      if (diverged == null) {
        throw e;
      }
      throw diverged.withAdvice(t.learningRate(), t.warmupEpochs());
    }
  }

  private LocalSgd localSgd(Data data, int rounds, int taskCpus) {
    LocalSgd sgd =
        new LocalSgd(
            TrainParams.fromConfig(t, taskCpus),
            new LearningRateSchedule(
                t.learningRate(),
                t.finalLearningRateFraction(),
                rounds,
                LearningRateSchedule.warmupRounds(t.warmupEpochs(), t.epochs(), rounds)));
    if (!data.isValidated()) {
      return sgd;
    }
    ctx.out()
        .printf(
            Locale.ROOT,
            "      validation split: %d records held out of training%n",
            data.heldOut().size());
    return sgd.withValidation(
        trainer.validator(data.validation()),
        new EarlyStopping(t.earlyStoppingPatience(), t.earlyStoppingMinDelta()));
  }

  private Start start(Mode mode, Checkpoints checkpoints, int rounds, Map<String, String> config) {
    // Here, not in the first task: a network the engine gets wrong is refused before training.
    // With GPU tasks the driver's CPU says nothing of their kernels; a task that falls back to
    // its CPU checks there (ShardModel).
    if (!TaskDevice.gpusRequested(ctx.spark().sparkContext().getConf())) {
      ConvolutionCheck.check(spec);
    }
    if (mode == Mode.FRESH) {
      return fresh(checkpoints);
    }
    Optional<Checkpoints.Saved> latest = checkpoints.latest();
    if (latest.isPresent()) {
      return resumed(latest.get(), rounds, config);
    }
    if (mode == Mode.RESUME) {
      throw new UserError(
          "Cannot resume training of run "
              + ctx.runId()
              + ": no checkpoint at "
              + ctx.warehouse().checkpoints(ctx.runId()));
    }
    ctx.out().println("      no checkpoint of an earlier attempt: training from round 1");
    return fresh(checkpoints);
  }

  private Start fresh(Checkpoints checkpoints) {
    checkpoints.clear();
    return new Start(LocalSgd.Snapshot.start(WeightInit.heUniform(spec, seed)), RoundsDone.NONE);
  }

  private Start resumed(Checkpoints.Saved latest, int rounds, Map<String, String> config) {
    requireSameConfig(latest.checkpoint(), config);
    if (latest.checkpoint().roundsPlanned() != rounds) {
      throw new UserError(
          "Cannot resume training of run "
              + ctx.runId()
              + ": its checkpoint planned "
              + latest.checkpoint().roundsPlanned()
              + " rounds, the config now plans "
              + rounds);
    }
    requireSameLayout(latest.snapshot().state().weights(), WeightInit.heUniform(spec, seed));
    RoundsDone earlier = latest.checkpoint().done();
    if (earlier.count() != latest.checkpoint().roundsDone()) {
      throw new IllegalStateException(
          "Cannot resume training of run "
              + ctx.runId()
              + ": its checkpoint of round "
              + latest.checkpoint().roundsDone()
              + " holds "
              + earlier.count()
              + " rounds' rows");
    }
    ctx.out()
        .printf(
            Locale.ROOT,
            "      resuming training from round %d of %d (checkpoint of round %d, %.1f J spent"
                + " before)%n",
            earlier.count() + 1,
            rounds,
            earlier.count(),
            earlier.joules());
    return new Start(latest.snapshot(), earlier);
  }

  /**
   * Fails unless the checkpoint was written under the same values of every key the trained model
   * depends on ({@link ResumeConfig}), naming the keys that differ.
   */
  private void requireSameConfig(Checkpoints.Checkpoint checkpoint, Map<String, String> config) {
    String prefix =
        "Cannot resume run "
            + ctx.runId()
            + " from checkpoint of round "
            + checkpoint.roundsDone()
            + ": ";
    if (checkpoint.config() == null) {
      throw new UserError(
          prefix
              + "it records no config (written by an older GreenTrain); run without --resume to"
              + " start afresh");
    }
    List<String> differences =
        ResumeConfig.differences(ResumeConfig.upgraded(checkpoint.config()), config);
    if (!differences.isEmpty()) {
      throw new UserError(
          prefix
              + "it was written under another config ("
              + String.join(", ", differences)
              + "); run without --resume to start afresh");
    }
  }

  /** Writes the training_rounds rows and the fp32 model; returns the stage's outcome. */
  private StageOutcome write(Trained trained, Data data, long records, int rounds) {
    // Every round's row, the earlier attempts' from the checkpoint, replaces the run's rows.
    List<TrainingRound> done = trained.progress().rounds();
    new TrainingRoundsTable(ctx.spark(), ctx.warehouse()).write(ctx.run(), done, 0);
    ctx.files()
        .writeAtomically(
            ctx.warehouse().fp32Model(ctx.runId()),
            out -> ModelWeightsCodec.write(trained.weights(), out));
    long bytes = ctx.files().length(ctx.warehouse().fp32Model(ctx.runId()));
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("fp32_bytes", (double) bytes);
    if (!done.isEmpty()) {
      metrics.put("final_train_loss", done.get(done.size() - 1).trainLoss());
    }
    metrics.put("parameters", (double) trained.weights().parameterCount());
    metrics.put("rounds_planned", (double) rounds);
    metrics.put("rounds_run", (double) trained.outcome().roundsRun());
    metrics.put("first_round", (double) trained.firstRound());
    metrics.put("earlier_attempts_energy_j", trained.progress().earlierJoules());
    metrics.put("earlier_attempts_co2e_g", trained.progress().earlierCo2eGrams());
    putTaskThreads(metrics, trained.taskThreads());
    if (data.isValidated()) {
      metrics.put("validation_records", (double) data.heldOut().size());
      done.stream()
          .mapToDouble(r -> r.validationAccuracy() == null ? 0 : r.validationAccuracy())
          .max()
          .ifPresent(best -> metrics.put("best_validation_accuracy", best));
    }
    trained.progress().predictedKwh().ifPresent(kwh -> metrics.put("predicted_training_kwh", kwh));
    String notes = trained.outcome().stopReason().orElse("");
    TargetAccuracy target = new TargetAccuracy(t.targetAccuracy());
    if (target.isSet()) {
      notes = recordTarget(target, trained, metrics, notes);
    }
    return new StageOutcome(records, null, bytes, null, metrics, notes);
  }

  /**
   * The fewest cores and PyTorch threads a training task ran with, as the tasks saw them: what
   * train.task-cpus (or spark.task.cpus) gave them. Nothing when no round ran.
   */
  private static void putTaskThreads(Map<String, Double> metrics, List<TaskThreads> seen) {
    seen.stream()
        .mapToInt(TaskThreads::cpus)
        .min()
        .ifPresent(cpus -> metrics.put("task_cpus", (double) cpus));
    seen.stream()
        .mapToInt(TaskThreads::threads)
        .min()
        .ifPresent(threads -> metrics.put("task_threads", (double) threads));
  }

  /** {@code outcome} with {@code more} after its notes, "; " between. */
  private static StageOutcome withNotes(StageOutcome outcome, List<String> more) {
    if (more.isEmpty()) {
      return outcome;
    }
    List<String> all = new ArrayList<>();
    if (!outcome.notes().isEmpty()) {
      all.add(outcome.notes());
    }
    all.addAll(more);
    return new StageOutcome(
        outcome.recordsIn(),
        outcome.recordsOut(),
        outcome.modelBytes(),
        outcome.testAccuracy(),
        outcome.metrics(),
        String.join("; ", all));
  }

  /**
   * Puts train.target-accuracy, whether training reached it and what it took in {@code metrics};
   * returns the notes, with how far short training stayed when it did not reach the target.
   */
  private String recordTarget(
      TargetAccuracy target, Trained trained, Map<String, Double> metrics, String notes) {
    metrics.put("target_accuracy", target.target());
    Optional<TargetAccuracy.Reached> reached = trained.progress().reachedTarget();
    metrics.put("target_reached", reached.isPresent() ? 1.0 : 0.0);
    if (reached.isPresent()) {
      metrics.put("time_to_accuracy_s", reached.get().seconds());
      if (!Double.isNaN(reached.get().joules())) {
        metrics.put("energy_to_accuracy_j", reached.get().joules());
      }
      return trained.progress().withFinalTargetEnergy(notes);
    }
    double best = metrics.getOrDefault("best_validation_accuracy", 0.0);
    metrics.put("target_shortfall_points", 100 * (target.target() - best));
    String missed = target.missed(best, trained.outcome().roundsRun());
    ctx.out().println("      " + missed);
    return notes.isEmpty() ? missed : notes + "; " + missed;
  }

  /**
   * Fails unless a checkpoint's tensors are those of the network the config trains: resuming with
   * another train.model or train.batch-norm would otherwise fail in every Spark task.
   */
  private void requireSameLayout(ModelWeights checkpoint, ModelWeights network) {
    List<String> saved = checkpoint.tensors().stream().map(NamedTensor::name).toList();
    List<String> wanted = network.tensors().stream().map(NamedTensor::name).toList();
    if (!saved.equals(wanted)) {
      throw new UserError(
          "Cannot resume training of run "
              + ctx.runId()
              + ": its checkpoint holds "
              + saved.size()
              + " tensors, the network of this config (train.model="
              + t.model()
              + ", train.batch-norm="
              + t.batchNorm()
              + ") has "
              + wanted.size()
              + "; resume with the config the run started with");
    }
  }

  private static void awaitWindows(EnergyDriverPlugin plugin, long untilMs) {
    try {
      plugin.awaitWindowsUntil(untilMs, 3 * plugin.sampleIntervalMs() + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
