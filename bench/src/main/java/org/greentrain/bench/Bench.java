package org.greentrain.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks' command line, apart from the production jar: {@code deploy/bin/greentrain
 * bench-…} starts it. Each benchmark prints its figures as a Markdown table for {@code bench/run}.
 */
@Command(
    name = "greentrain",
    mixinStandardHelpOptions = true,
    description = "GreenTrain benchmarks (not part of the production jar).",
    subcommands = {
      BenchTrainCommand.class,
      BenchPluginCommand.class,
      BenchAugmentCommand.class,
      BenchRoundsCommand.class,
      CodecSizes.class,
      BenchAlgorithmsCommand.class,
      BenchConvolutionsCommand.class,
      BenchRecurrencesCommand.class,
    })
public final class Bench {

  private Bench() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Bench());
    cli.setOut(new PrintWriter(System.out, true));
    cli.setErr(new PrintWriter(System.err, true));
    System.exit(cli.execute(args));
  }
}
