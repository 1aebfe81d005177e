package org.greentrain.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.greentrain.error.UserError;

/**
 * Refuses a network whose 2-D convolutions the engine computes wrongly on this machine.
 *
 * <p>Why: PyTorch 2.7's oneDNN kernels (as DJL 0.36 ships them) pad a layer's channels to the CPU's
 * vector block, 16 floats with AVX-512, 8 with AVX2, and for some channel counts return wrong
 * numbers. Measured on an AMD EPYC with AVX-512 against a plain-Java convolution (3x3, stride 1,
 * largest difference over largest value, {@code greentrain bench-convolutions}): the input gradient
 * is wrong whenever the output channels are no multiple of 16 (4 to 8: 0.38; 8 to 8 and 16 to 8:
 * NaN, from memory the kernel reads without writing), and the output itself for 20 to 20 (0.12), 24
 * to 24 (0.21) and 22 to 45 (0.17, a cnn pruned to 70% of its channels); with the ISA capped at
 * AVX2 the same happens at non-multiples of 8 (12 to 12: output 0.37). Multiples of 16, and 1x1
 * convolutions, were exact (below 2e-6). A network trained with such a layer learns from wrong
 * gradients and diverges at random; one evaluated with it reports an accuracy that is not its own.
 * An Intel Xeon with AMX computed all of these right (docs/training.md): the check measures the CPU
 * it runs on rather than assume from its flags.
 *
 * <p>So each distinct convolution (channels, kernel, stride, padding, dilation, groups) is run 4
 * times per JVM, forward and backward on 2 random 8x8 images, and compared with {@link
 * ReferenceConvolution}; executors check their own CPU. The input gradient of the network's first
 * layer is never used (images need none) and is not checked.
 */
public final class ConvolutionCheck {

  /** Largest error allowed, relative to the largest reference value: float32 sums stay below. */
  public static final double TOLERANCE = 1e-4;

  private static final int BATCH = 2;
  private static final int SIZE = 8;
  private static final int POISONED_COPIES = 4;
  private static final int CALLS = 4;

  private static final String[] RESULTS = {"output", "input gradient", "weight gradient"};

  /** The engine's errors on each layer shape in this JVM (see {@link #errors}). */
  private static final Map<ReferenceConvolution, double[]> ERRORS = new ConcurrentHashMap<>();

  private ConvolutionCheck() {}

  /**
   * Checks every 2-D convolution of {@code spec}'s network on this JVM's CPU.
   *
   * @throws UserError naming the model, the layer and what the engine gets wrong
   */
  public static void check(ModelSpec spec) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      check(spec.newInitialisedBlock(manager), spec.modelName());
    }
  }

  /**
   * Checks every 2-D convolution of the initialised {@code block}.
   *
   * @throws UserError naming {@code model}, the layer and what the engine gets wrong
   */
  public static void check(Block block, String model) {
    check(block, model, shape -> ERRORS.computeIfAbsent(shape, s -> errors(s, BATCH, SIZE)));
  }

  /**
   * Checks every 2-D convolution of {@code block} against {@code engineErrors}, the engine's errors
   * per layer shape as {@link #errors(ReferenceConvolution, int, int)} measures them: tests stand
   * in for a CPU whose engine gets a layer wrong.
   */
  static void check(
      Block block, String model, Function<ReferenceConvolution, double[]> engineErrors) {
    walk(block, "", model, new boolean[] {true}, engineErrors);
  }

  private static void walk(
      Block block,
      String path,
      String model,
      boolean[] first,
      Function<ReferenceConvolution, double[]> engineErrors) {
    if (block instanceof Convolution conv && conv.getKernelShape().dimension() == 2) {
      ReferenceConvolution shape = ReferenceConvolution.of(conv, weightShape(conv));
      String verdict = verdict(engineErrors.apply(shape), first[0]);
      if (verdict != null) {
        throw new UserError(
            "Invalid train.model: "
                + model
                + ": layer "
                + (path.isEmpty() ? "0" : path)
                + ", "
                + shape
                + ": PyTorch's CPU convolution computes a wrong "
                + verdict
                + " on this machine (docs/training.md, \"Engine check\"); use channel counts that"
                + " are multiples of 16");
      }
    }
    if (!block.getParameters().isEmpty() && block.getChildren().isEmpty()) {
      first[0] = false;
    }
    for (Pair<String, Block> child : block.getChildren()) {
      walk(
          child.getValue(),
          path.isEmpty() ? child.getKey() : path + "/" + child.getKey(),
          model,
          first,
          engineErrors);
    }
  }

  private static Shape weightShape(Convolution conv) {
    for (Pair<String, Parameter> p : conv.getParameters()) {
      if (p.getValue().getType() == Parameter.Type.WEIGHT) {
        return p.getValue().getArray().getShape();
      }
    }
    throw new IllegalStateException("Convolution without a weight: " + conv);
  }

  /**
   * What {@code errors} say the engine gets wrong: "output", "input gradient" or "weight gradient"
   * with the error, or null; the input gradient not for the network's first layer.
   */
  static String verdict(double[] errors, boolean firstLayer) {
    for (int i = 0; i < 3; i++) {
      if (i == 1 && firstLayer) {
        continue;
      }
      if (Double.isNaN(errors[i])) {
        return RESULTS[i] + " (NaN values)";
      }
      if (errors[i] > TOLERANCE) {
        return RESULTS[i]
            + String.format(Locale.ROOT, " (largest error %.3g of the largest value)", errors[i]);
      }
    }
    return null;
  }

  /**
   * The engine's errors for a square convolution without groups or dilation, padded to keep the
   * size at stride 1: output, input gradient and weight gradient, each the largest difference from
   * {@link ReferenceConvolution} over the largest reference value (NaN if the engine gave NaN).
   */
  public static double[] errors(
      int inputs, int outputs, int kernel, int stride, int batch, int size) {
    ReferenceConvolution shape =
        new ReferenceConvolution(
            inputs, outputs, kernel, kernel, stride, stride, kernel / 2, kernel / 2, 1, 1, 1);
    return errors(shape, batch, size);
  }

  /** The engine's errors for {@code shape} on {@code batch} random images {@code wanted} wide. */
  static double[] errors(ReferenceConvolution shape, int batch, int wanted) {
    int size = shape.inputSize(wanted);
    SplittableRandom random = new SplittableRandom(17);
    float[] input = uniform(random, batch * shape.inputs() * size * size);
    float[] weight = uniform(random, shape.weightCount());
    float[] upstream =
        uniform(random, batch * shape.outputs() * shape.outputRows(size) * shape.outputCols(size));
    float[][] expected = shape.compute(input, weight, upstream, batch, size);
    double[] errors = new double[3];
    // A fault that reads stale memory shows only when that memory holds something: the worst of
    // several calls.
    for (int call = 0; call < CALLS; call++) {
      float[][] actual = engine(shape, input, weight, upstream, batch, size);
      for (int i = 0; i < 3; i++) {
        errors[i] = worse(errors[i], relativeError(actual[i], expected[i]));
      }
    }
    return errors;
  }

  /** Output, input gradient and weight gradient of sum(conv(input, weight) * upstream). */
  private static float[][] engine(
      ReferenceConvolution c,
      float[] input,
      float[] weight,
      float[] upstream,
      int batch,
      int size) {
    // JniUtils' natives load with the engine; in a fresh JVM nothing may have loaded it yet.
    Engine.getEngine("PyTorch");
    boolean gradMode = JniUtils.isGradMode();
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      poison(manager, c, batch, size);
      NDArray x = manager.create(input, new Shape(batch, c.inputs(), size, size));
      NDArray w = manager.create(weight, c.weightShape());
      NDArray up =
          manager.create(
              upstream, new Shape(batch, c.outputs(), c.outputRows(size), c.outputCols(size)));
      x.setRequiresGradient(true);
      w.setRequiresGradient(true);
      JniUtils.setGradMode(true);
      NDArray y =
          Conv2d.conv2d(
                  x,
                  w,
                  null,
                  new Shape(c.strideRows(), c.strideCols()),
                  new Shape(c.padRows(), c.padCols()),
                  new Shape(c.dilationRows(), c.dilationCols()),
                  c.groups())
              .singletonOrThrow();
      NDArray loss = y.mul(up).sum();
      JniUtils.setGradMode(false);
      JniUtils.backward((PtNDArray) loss, (PtNDArray) loss.onesLike(), false, false);
      return new float[][] {
        y.toFloatArray(), x.getGradient().toFloatArray(), w.getGradient().toFloatArray()
      };
    } finally {
      JniUtils.setGradMode(gradMode);
    }
  }

  /**
   * Frees NaN-filled buffers of the sizes the engine's padded layouts take, so that the allocator
   * hands that memory to the kernels next: a kernel that reads memory it never wrote then shows
   * NaN, as it would late in a long training, rather than the zeros of a fresh JVM's pages.
   */
  private static void poison(NDManager manager, ReferenceConvolution c, int batch, int size) {
    long in = padded(c.inputs());
    long out = padded(c.outputs());
    long area = (long) size * size;
    long[] counts = {
      batch * in * area, batch * out * area, in * out * c.kernelRows() * c.kernelCols()
    };
    for (int copy = 0; copy < POISONED_COPIES; copy++) {
      for (long n : counts) {
        manager.full(new Shape(n), Float.NaN).close();
      }
    }
  }

  /** Channels rounded up to AVX-512's block of 16. */
  private static long padded(int channels) {
    return (channels + 15) / 16 * 16L;
  }

  private static double worse(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
  }

  /** Largest absolute difference over the largest reference magnitude; NaN if any value is NaN. */
  static double relativeError(float[] actual, float[] expected) {
    double largest = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      largest = Math.max(largest, Math.abs((double) actual[i] - expected[i]));
      if (Float.isNaN(actual[i])) {
        return Double.NaN;
      }
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    return largest / Math.max(scale, Double.MIN_NORMAL);
  }

  private static float[] uniform(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }
}
