package org.greentrain.jobs.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.greentrain.data.FashionMnistFiles;
import org.greentrain.data.IdxReader;
import org.greentrain.data.IdxWriter;
import org.greentrain.data.LabeledImages;
import org.greentrain.data.SampleSlicer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Regenerates data-samples/: a class-balanced, seeded slice of the full IDX files. */
@Command(
    name = "make-sample",
    mixinStandardHelpOptions = true,
    description = "Write a class-balanced slice of Fashion-MNIST IDX files (no Spark needed).")
public final class MakeSampleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--source", required = true, description = "Directory with the full IDX files")
  Path source;

  @Option(names = "--out", required = true, description = "Directory to write the slice to")
  Path out;

  @Option(names = "--train-per-class", defaultValue = "600")
  int trainPerClass;

  @Option(names = "--test-per-class", defaultValue = "100")
  int testPerClass;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--classes", defaultValue = "10")
  int classes;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    slice("train", trainPerClass);
    slice("test", testPerClass);
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %d train and %d test images per class to %s%n",
            trainPerClass, testPerClass, out);
    return 0;
  }

  private void slice(String split, int perClass) {
    Path images = FashionMnistFiles.images(source, split);
    Path labels = FashionMnistFiles.labels(source, split);
    LabeledImages all = IdxReader.read(images, labels, classes);
    LabeledImages slice = SampleSlicer.balancedSlice(all, perClass, classes, seed);
    IdxWriter.write(
        slice,
        out.resolve(images.getFileName().toString().replaceFirst("\\.gz$", "") + ".gz"),
        out.resolve(labels.getFileName().toString().replaceFirst("\\.gz$", "") + ".gz"),
        true);
  }
}
