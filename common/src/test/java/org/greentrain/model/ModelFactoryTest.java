package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.ToolProvider;
import org.greentrain.error.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFactoryTest {

  /** A user's network: conv 3x3 x4 with batch normalisation, global pooling, dense. */
  public static final class Tiny implements ModelFactory {
    @Override
    public Block build(int channels, int rows, int cols, int classes) {
      return new SequentialBlock()
          .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
          .add(BatchNorm.builder().build())
          .add(Activation.reluBlock())
          .add(Pool.globalAvgPool2dBlock())
          .add(Blocks.batchFlattenBlock())
          .add(Linear.builder().setUnits(classes).build());
    }
  }

  /** Not a factory. */
  public static final class NotAFactory {}

  /** A factory without a public no-argument constructor. */
  public static final class NeedsArgument implements ModelFactory {
    public NeedsArgument(int width) {}

    @Override
    public Block build(int channels, int rows, int cols, int classes) {
      return new SequentialBlock();
    }
  }

  /** A factory whose build fails. */
  public static final class Failing implements ModelFactory {
    @Override
    public Block build(int channels, int rows, int cols, int classes) {
      throw new IllegalStateException("no GPU here");
    }
  }

  private static ModelSpec byClass(Class<?> type) {
    return ModelSpec.of("class:" + type.getName(), 1, 10, 10, 3, 20, List.of(), 1.0);
  }

  @Test
  void aFactoryClassBuildsTheNetworkWithItsNormalisationAndCountsFlops() {
    ModelSpec spec = byClass(Tiny.class);
    ModelWeights fresh = BlockWeights.fresh(spec);

    assertThat(spec.modelName()).isEqualTo("class:" + Tiny.class.getName());
    assertThat(spec.batchNorm()).isFalse();
    assertThat(spec.forTraining(true).batchNorm()).as("never folded").isFalse();
    // Conv 4x1x3x3 + bias, normalisation 4 x 4, dense 3x4 + bias.
    assertThat(fresh.parameterCount()).isEqualTo(40 + 16 + 15);
    assertThat(fresh.tensors()).anyMatch(t -> t.name().endsWith("_runningMean"));
    assertThat(Flops.densePerImage(spec)).isEqualTo(2L * (8 * 8 * 4 * 9 + 4 * 3));
    assertThat(spec.withWidthsOf(fresh)).isEqualTo(spec);
  }

  @Test
  void aFactoryOnlyTheContextClassLoaderSeesIsFoundAsOnAnExecutorWithJars(@TempDir Path dir)
      throws Exception {
    // Compiled here, so that only the loader below has it, like a jar given to --jars.
    Path source = dir.resolve("src/ext/JarNet.java");
    Files.createDirectories(source.getParent());
    Files.writeString(
        source,
        "package ext;\n"
            + "public class JarNet implements org.greentrain.model.ModelFactory {\n"
            + "  public ai.djl.nn.Block build(int c, int r, int w, int k) {\n"
            + "    return new ai.djl.nn.SequentialBlock().add(ai.djl.nn.Blocks.batchFlattenBlock())\n"
            + "        .add(ai.djl.nn.core.Linear.builder().setUnits(k).build());\n"
            + "  }\n"
            + "}\n");
    Path classes = dir.resolve("classes");
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                classes.toString(),
                source.toString());
    assertThat(compiled).isZero();
    ModelSpec spec = ModelSpec.of("class:ext.JarNet", 1, 10, 10, 3, 20, List.of(), 1.0);
    assertThatThrownBy(spec::newBlock).hasMessageContaining("class not found");

    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader jars = new URLClassLoader(new URL[] {classes.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(jars);
      assertThat(BlockWeights.fresh(spec).parameterCount()).isEqualTo(100 * 3 + 3);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void unusableClassesAreUserErrorsNamingTheKeyAndTheClass() {
    String prefix = "Invalid train.model: class:";
    assertThatThrownBy(
            () -> ModelSpec.of("class:no.such.Net", 1, 10, 10, 3, 20, List.of(), 1.0).newBlock())
        .isInstanceOf(UserError.class)
        .hasMessage(
            prefix + "no.such.Net: class not found (is its jar on the classpath, e.g. --jars?)");
    assertThatThrownBy(() -> byClass(NotAFactory.class).newBlock())
        .isInstanceOf(UserError.class)
        .hasMessage(
            prefix
                + NotAFactory.class.getName()
                + ": it does not implement org.greentrain.model.ModelFactory");
    assertThatThrownBy(() -> byClass(NeedsArgument.class).newBlock())
        .isInstanceOf(UserError.class)
        .hasMessage(
            prefix + NeedsArgument.class.getName() + ": it has no public no-argument constructor");
    assertThatThrownBy(() -> byClass(Failing.class).newBlock())
        .isInstanceOf(UserError.class)
        .hasMessage(
            prefix
                + Failing.class.getName()
                + ": its build(...) failed: java.lang.IllegalStateException: no GPU here");
  }
}
