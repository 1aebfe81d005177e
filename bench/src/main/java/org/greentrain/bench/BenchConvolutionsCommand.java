package org.greentrain.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.greentrain.model.ConvolutionCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How far the engine's convolutions are from the definition on this CPU, for channel counts around
 * the vector block (docs/training.md, "Engine check"): the comparison {@link ConvolutionCheck} runs
 * before training or evaluating a network. Set {@code ONEDNN_MAX_CPU_ISA} in the environment to see
 * another instruction set.
 */
@Command(
    name = "bench-convolutions",
    mixinStandardHelpOptions = true,
    description = "Benchmark: engine convolution errors against a plain-Java reference.")
final class BenchConvolutionsCommand implements Callable<Integer> {

  /** inputs, outputs, kernel, stride. */
  private static final List<int[]> SHAPES =
      List.of(
          new int[] {8, 8, 3, 1},
          new int[] {4, 8, 3, 1},
          new int[] {16, 8, 3, 1},
          new int[] {4, 4, 3, 1},
          new int[] {12, 12, 3, 1},
          new int[] {20, 20, 3, 1},
          new int[] {24, 24, 3, 1},
          new int[] {22, 45, 3, 1},
          new int[] {8, 16, 3, 1},
          new int[] {16, 16, 3, 1},
          new int[] {32, 32, 3, 1},
          new int[] {64, 64, 3, 1},
          new int[] {8, 16, 3, 2},
          new int[] {8, 16, 1, 2},
          new int[] {24, 24, 1, 1});

  @Spec CommandSpec spec;

  @Option(names = "--batch", defaultValue = "4", description = "Images per call")
  int batch;

  @Option(names = "--size", defaultValue = "12", description = "Image rows and columns")
  int size;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%d images of %dx%d, ONEDNN_MAX_CPU_ISA=%s; error = largest difference / largest value%n%n",
        batch,
        size,
        size,
        System.getenv().getOrDefault("ONEDNN_MAX_CPU_ISA", "(default)"));
    out.println("| channels | kernel, stride | output | input gradient | weight gradient |");
    out.println("|---|---|---|---|---|");
    for (int[] s : SHAPES) {
      double[] e = ConvolutionCheck.errors(s[0], s[1], s[2], s[3], batch, size);
      out.printf(
          Locale.ROOT,
          "| %d to %d | %dx%d, %d | %s | %s | %s |%n",
          s[0],
          s[1],
          s[2],
          s[2],
          s[3],
          cell(e[0]),
          cell(e[1]),
          cell(e[2]));
    }
    return 0;
  }

  private static String cell(double error) {
    if (Double.isNaN(error)) {
      return "**NaN**";
    }
    String v = String.format(Locale.ROOT, "%.2g", error);
    return error > ConvolutionCheck.TOLERANCE ? "**" + v + "**" : v;
  }
}
