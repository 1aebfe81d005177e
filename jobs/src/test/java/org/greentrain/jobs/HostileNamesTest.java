package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that become path segments (run ids, model names) are checked where they enter: a hostile
 * one is a one-line user error with exit code 2, and the warehouse is left byte for byte as it was.
 */
class HostileNamesTest {

  private static final String[] HOSTILE = {".", "..", "../models", "a/b", "/tmp", "x\ny", "é"};

  @Test
  void hostileRunIdsTouchNothing(@TempDir Path dir) throws Exception {
    Path warehouse = publishedWarehouse(dir);
    Map<String, String> before = snapshot(warehouse);

    for (String id : HOSTILE) {
      for (String[] args :
          new String[][] {
            {"run", "--run-id", id},
            {"run", "--resume", "--run-id", id},
            {"run", "--conf", "run.id=\"" + id.replace("\n", "\\n") + "\""},
            {"publish", "--run-id", id},
            {"train", "--resume", id},
            {"report", "--run", id},
          }) {
        expectRefused(warehouse, before, args);
      }
    }
    expectRefused(warehouse, before, "run", "--run-id", "x".repeat(129));
  }

  @Test
  void hostileModelNamesTouchNothing(@TempDir Path dir) throws Exception {
    Path warehouse = publishedWarehouse(dir);
    Map<String, String> before = snapshot(warehouse);

    for (String name : new String[] {".", "..", "../runs", "a/b"}) {
      expectRefused(
          warehouse,
          before,
          "publish",
          "--run-id",
          "r1",
          "--conf",
          "publish.model-name=\"" + name + "\"");
    }
  }

  private static void expectRefused(Path warehouse, Map<String, String> before, String... args)
      throws IOException {
    String[] withWarehouse = new String[args.length + 4];
    System.arraycopy(args, 0, withWarehouse, 0, args.length);
    withWarehouse[args.length] = "--conf";
    withWarehouse[args.length + 1] = "run.warehouse=" + warehouse;
    withWarehouse[args.length + 2] = "--conf";
    withWarehouse[args.length + 3] = "spark.master=local[1]";

    Cli cli = Cli.run(withWarehouse);

    String call = String.join(" ", args).replace("\n", "\\n");
    assertThat(cli.exitCode()).as(call).isEqualTo(2);
    assertThat(cli.err()).as(call).startsWith("greentrain: error: Invalid ");
    assertThat(cli.err().strip().lines()).as(call).hasSize(1);
    assertThat(snapshot(warehouse)).as(call).isEqualTo(before);
  }

  /** A warehouse as a published run leaves it: run scratch data, tables, a version and LATEST. */
  private static Path publishedWarehouse(Path dir) throws IOException {
    Path w = dir.resolve("warehouse");
    write(w.resolve("runs/r1/run.json"), "{\"runId\":\"r1\"}");
    write(w.resolve("runs/r1/model/model-fp32.gtm"), "weights");
    write(w.resolve("runs/r1/stages/train.json"), "{}");
    write(w.resolve("tables/runs/run_date=2026-11-29/run_id=r1/part-0.parquet"), "rows");
    write(w.resolve("models/fashion-cnn/r1/model-fp32.gtm"), "weights");
    write(w.resolve("models/fashion-cnn/r1/manifest.json"), "{}");
    write(w.resolve("models/fashion-cnn/LATEST"), "r1");
    return w;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** Every file and directory under {@code root} with the SHA-256 of each file's bytes. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String key = root.relativize(p).toString();
        out.put(key, Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
