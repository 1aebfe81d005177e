package org.greentrain.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.greentrain.data.Seeds;
import org.greentrain.model.BlockWeights;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.runtime.ShardData;
import org.greentrain.runtime.WeightConstraint;

/**
 * Runs the local steps of one shard for one round, on the calling thread.
 *
 * <p>DJL's {@code GradientCollector} for PyTorch is JVM-global (a second one in the same JVM
 * throws) and its {@code zeroGradients} clears every array of the process. Spark runs several tasks
 * per executor JVM, so this class drives autograd itself: grad mode is thread-local in PyTorch,
 * backward runs on this task's loss only, and only this task's parameters are updated and zeroed.
 * That lets two tasks in one executor train at once.
 *
 * <p>The result depends only on the arguments: the batch order comes from (seed, round, partition),
 * so a retried task reproduces the first attempt's update on CPU.
 */
public final class ShardTrainer {

  private final ModelSpec spec;
  private final Device device;

  public ShardTrainer(ModelSpec spec, Device device) {
    this.spec = spec;
    this.device = device;
  }

  /** Trains a copy of {@code start} on {@code shard} and returns the trained weights. */
  public ShardUpdate train(
      ModelWeights start,
      ShardData shard,
      TrainParams params,
      long seed,
      int round,
      int partition) {
    return train(start, shard, params, seed, round, partition, WeightConstraint.NONE);
  }

  /**
   * Trains a copy of {@code start} on {@code shard}, enforcing {@code constraint} on the weights
   * after every step, and returns the trained weights.
   */
  public ShardUpdate train(
      ModelWeights start,
      ShardData shard,
      TrainParams params,
      long seed,
      int round,
      int partition,
      WeightConstraint constraint) {
    try (ShardModel model = new ShardModel(spec, device)) {
      return train(model, TrainState.of(start), shard, params, seed, round, partition, constraint);
    }
  }

  /**
   * Trains {@code model}, loaded with {@code start}, on {@code shard} for one round and returns the
   * trained weights and, for Adam, moments. The model may be one an executor kept from an earlier
   * round: everything it holds is overwritten from {@code start} first.
   */
  ShardUpdate train(
      ShardModel model,
      TrainState start,
      ShardData shard,
      TrainParams params,
      long seed,
      int round,
      int partition,
      WeightConstraint constraint) {
    return train(model, start, shard, params, seed, round, partition, constraint, null);
  }

  /**
   * Trains like {@link #train(ShardModel, TrainState, ShardData, TrainParams, long, int, int,
   * WeightConstraint)}, distilling from {@code teacher} when it is not null: every step the
   * teacher's logits for the batch, computed without gradient, enter the loss ({@link
   * Distillation}).
   */
  ShardUpdate train(
      ShardModel model,
      TrainState start,
      ShardData shard,
      TrainParams params,
      long seed,
      int round,
      int partition,
      WeightConstraint constraint,
      TeacherModel teacher) {
    if (shard.count() == 0) {
      throw new IllegalArgumentException("Cannot train partition " + partition + ": it is empty");
    }
    if (!model.spec().equals(spec)) {
      throw new IllegalArgumentException(
          "Cannot train partition "
              + partition
              + ": model is "
              + model.spec()
              + ", expected "
              + spec);
    }
    JniUtils.setNumThreads(params.threads());
    // Grad mode is thread-local and starts enabled on a new thread; in-place updates need it off.
    boolean gradMode = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    long begin = System.nanoTime();
    try {
      model.load(start);
      StepTotals totals =
          runSteps(model, shard, params, seed, round, partition, constraint, teacher);
      ModelWeights moments =
          params.optimizer().hasState() ? model.adamMoments() : new ModelWeights(List.of());
      return new ShardUpdate(
          partition,
          BlockWeights.read(model.block()),
          moments,
          totals.samples(),
          totals.lossSum(),
          System.nanoTime() - begin);
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  /** Sum of the steps' losses, each weighted by its batch size, and the samples they cover. */
  private record StepTotals(double lossSum, long samples) {}

  /** One round of local steps on {@code model}, already loaded with the round's start. */
  private StepTotals runSteps(
      ShardModel model,
      ShardData shard,
      TrainParams params,
      long seed,
      int round,
      int partition,
      WeightConstraint constraint,
      TeacherModel teacher) {
    SequentialBlock block = model.block();
    List<NDArray> weights = model.weights();
    ParameterStore store = new ParameterStore(model.manager(), false);
    DropoutMasks masks =
        params.dropout() > 0 ? new DropoutMasks(params.dropout(), seed, round, partition) : null;

    int n = shard.count();
    int batch = Math.min(params.batchSize(), n);
    int steps = params.stepsFor(n);
    // Adam's bias correction counts every step since training started, on every shard alike.
    long stepsBefore = (long) round * steps;
    SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, round, partition));
    int[] order = shuffled(n, rng);
    int cursor = 0;
    float[] x = new float[batch * shard.pixelsPerImage()];
    float[] y = new float[batch];
    double lossSum = 0;
    long samples = 0;
    for (int step = 0; step < steps; step++) {
      if (cursor + batch > n) {
        order = shuffled(n, rng);
        cursor = 0;
      }
      fillBatch(shard, order, cursor, batch, x, y);
      cursor += batch;
      try (NDManager stepManager = model.manager().newSubManager()) {
        NDArray input = stepManager.create(FloatBuffer.wrap(x), spec.inputShape(batch));
        NDArray labels = stepManager.create(y, new Shape(batch));
        // The teacher runs first, with grad mode off: its logits are constants of the loss.
        NDArray soft = teacher == null ? null : teacher.logits(input);
        StepLoss loss = new StepLoss(params.labelSmoothing(), teacher, soft, labels);
        float stepLoss = forwardBackward(block, store, masks, input, loss, stepManager);
        if (!Float.isFinite(stepLoss)) {
          throw new TrainingDivergedException(round, partition, step, stepLoss);
        }
        lossSum += (double) stepLoss * batch;
        samples += batch;
        if (params.optimizer() == Optimizer.ADAM) {
          applyAdam(model, params, stepsBefore + step + 1, stepManager);
        } else {
          applySgd(model, params, stepManager);
        }
        constraint.applyInPlace(weights);
      }
    }
    return new StepTotals(lossSum, samples);
  }

  /**
   * A step's loss: the smoothed cross-entropy against {@code labels}, or with a teacher its
   * distillation loss against the teacher's logits {@code soft}.
   */
  private record StepLoss(
      double labelSmoothing, TeacherModel teacher, NDArray soft, NDArray labels) {
    NDArray of(NDArray logits) {
      return teacher == null
          ? smoothedCrossEntropy(logits, labels, labelSmoothing)
          : teacher.distillation().loss(logits, soft, labels, labelSmoothing);
    }
  }

  private static float forwardBackward(
      SequentialBlock block,
      ParameterStore store,
      DropoutMasks masks,
      NDArray input,
      StepLoss loss,
      NDManager scratch) {
    JniUtils.setGradMode(true);
    try {
      NDArray logits =
          masks == null
              ? block.forward(store, new NDList(input), true).singletonOrThrow()
              : forwardWithDropout(block, store, masks, input, scratch);
      NDArray value = loss.of(logits);
      JniUtils.backward((PtNDArray) value, (PtNDArray) value.onesLike(), false, false);
      return value.getFloat();
    } finally {
      JniUtils.setGradMode(false);
    }
  }

  /**
   * The block's layers one by one, with a dropout mask on the input of every dense layer that reads
   * features rather than pixels (after a convolution or dense layer has run).
   */
  private static NDArray forwardWithDropout(
      SequentialBlock block,
      ParameterStore store,
      DropoutMasks masks,
      NDArray input,
      NDManager scratch) {
    NDList x = new NDList(input);
    boolean features = false;
    for (Pair<String, Block> child : block.getChildren()) {
      Block layer = child.getValue();
      if (layer instanceof Linear && features) {
        NDArray in = x.singletonOrThrow();
        NDArray mask = scratch.create(FloatBuffer.wrap(masks.next((int) in.size())), in.getShape());
        x = new NDList(in.mul(mask));
      }
      x = layer.forward(store, x, true);
      features |= layer instanceof Linear || layer instanceof Convolution;
    }
    return x.singletonOrThrow();
  }

  /**
   * Mean over the batch of the cross-entropy against the smoothed target {@code 1 - eps + eps/K} on
   * the true class and {@code eps/K} on each other: {@code (1 - eps)} times the plain cross-entropy
   * plus {@code eps} times the mean over the classes of {@code -log p}; with {@code eps} 0 exactly
   * DJL's softmax cross-entropy.
   */
  static NDArray smoothedCrossEntropy(NDArray logits, NDArray labels, double eps) {
    NDArray plain = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits));
    if (eps == 0) {
      return plain;
    }
    NDArray uniform = logits.logSoftmax(1).mean(new int[] {1}).neg().mean();
    return plain.mul((float) (1 - eps)).add(uniform.mul((float) eps));
  }

  /** SGD with momentum and L2 weight decay, in place, with grad mode off. */
  private static void applySgd(ShardModel model, TrainParams params, NDManager scratch) {
    List<NDArray> weights = model.weights();
    List<NDArray> velocity = model.first();
    for (int i = 0; i < weights.size(); i++) {
      if (!model.trainable(i)) {
        continue;
      }
      NDArray w = weights.get(i);
      NDArray grad = w.getGradient();
      grad.attach(scratch);
      if (params.weightDecay() > 0) {
        NDArray decay = w.mul(params.weightDecay());
        decay.attach(scratch);
        grad = grad.add(decay);
      }
      NDArray v = velocity.get(i);
      v.muli(params.momentum()).addi(grad);
      NDArray step = v.mul(params.learningRate());
      step.attach(scratch);
      w.subi(step);
      JniUtils.zeroGrad((PtNDArray) w);
    }
  }

  /**
   * One Adam step with decoupled weight decay (AdamW), in place, with grad mode off: {@code m = b1
   * m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps) + lr
   * wd w}, with t counted from 1.
   */
  private static void applyAdam(ShardModel model, TrainParams params, long t, NDManager scratch) {
    double b1 = params.beta1();
    double b2 = params.beta2();
    double lr = params.learningRate();
    float correction1 = (float) (1 - Math.pow(b1, t));
    float correction2 = (float) (1 - Math.pow(b2, t));
    List<NDArray> weights = model.weights();
    for (int i = 0; i < weights.size(); i++) {
      if (!model.trainable(i)) {
        continue;
      }
      NDArray w = weights.get(i);
      NDArray grad = w.getGradient();
      grad.attach(scratch);
      NDArray m = model.first().get(i);
      NDArray v = model.second().get(i);
      NDArray g1 = grad.mul(1 - b1);
      g1.attach(scratch);
      m.muli(b1).addi(g1);
      NDArray g2 = grad.square().muli(1 - b2);
      g2.attach(scratch);
      v.muli(b2).addi(g2);
      NDArray corrected = v.div(correction2);
      corrected.attach(scratch);
      NDArray denominator = corrected.sqrt().addi(params.epsilon());
      denominator.attach(scratch);
      NDArray step = m.div(correction1).muli(lr).divi(denominator);
      step.attach(scratch);
      if (params.weightDecay() > 0) {
        NDArray decay = w.mul(lr * params.weightDecay());
        decay.attach(scratch);
        step.addi(decay);
      }
      w.subi(step);
      JniUtils.zeroGrad((PtNDArray) w);
    }
  }

  private static void fillBatch(
      ShardData shard, int[] order, int from, int batch, float[] x, float[] y) {
    int pixels = shard.pixelsPerImage();
    for (int b = 0; b < batch; b++) {
      int idx = order[from + b];
      System.arraycopy(shard.images(), idx * pixels, x, b * pixels, pixels);
      y[b] = shard.labels()[idx];
    }
  }

  private static int[] shuffled(int n, SplittableRandom rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
