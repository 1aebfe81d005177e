package org.greentrain.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.greentrain.energy.PathSegments;

/**
 * Published models under {@code models/<name>/<version>/}. A version is assembled in a hidden
 * temporary directory, its {@code manifest.json} written last, and only then renamed into place, so
 * a reader that sees a version directory sees all of it.
 *
 * <p>{@code models/<name>/LATEST} holds the version serving systems should load. It is replaced
 * atomically ({@link WarehouseFiles#writeAtomically}): on the local file system and HDFS a reader
 * sees the old or the new version, never part of one and never none; on object stores, whose rename
 * is a copy, a reader may briefly find no LATEST and should retry.
 */
public final class ModelRegistry {

  /** One file of a published version as the manifest lists it. */
  public record FileEntry(String name, long bytes, String sha256) {}

  /**
   * The largest {@code manifest.json} a reader parses: 1 MiB, hundreds of times what a manifest of
   * a few files and metrics takes. Readers check a manifest's length before reading it.
   */
  public static final int MAX_MANIFEST_BYTES = 1 << 20;

  private static final String LATEST = "LATEST";
  private static final int READ_ATTEMPTS = 5;
  // Versions are run ids: a path segment that cannot be hidden, LATEST itself or partial.
  private static final String VERSION_PATTERN = "[A-Za-z0-9_-][A-Za-z0-9._-]*";

  private final WarehouseFiles files;
  private final Path root;

  public ModelRegistry(WarehouseFiles files, Path modelsRoot) {
    this.files = files;
    this.root = modelsRoot;
  }

  /** Every path of the registry is built from checked names: nothing outside it can be touched. */
  private static String modelDir(String name) {
    return PathSegments.check("model name", name);
  }

  public Path versionDir(String name, String version) {
    return new Path(new Path(root, modelDir(name)), PathSegments.check("model version", version));
  }

  public Path latestFile(String name) {
    return new Path(new Path(root, modelDir(name)), LATEST);
  }

  /** The version LATEST points at, empty if no version has passed the gate yet. */
  public Optional<String> latest(String name) {
    Path path = latestFile(name);
    RuntimeException failure = null;
    // A read racing a move can fail part-way (the file or, on a checksummed file system, its
    // checksum replaced under it); the move itself is atomic, so reading again gives a whole one.
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      if (!files.exists(path)) {
        return Optional.empty();
      }
      byte[] bytes;
      try {
        bytes = files.readAll(path);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
        continue;
      }
      String version = new String(bytes, StandardCharsets.UTF_8).trim();
      if (!version.matches(VERSION_PATTERN)) {
        throw new IllegalStateException(
            "Cannot read " + path + ": not a version '" + version + "'");
      }
      return Optional.of(version);
    }
    throw failure;
  }

  /** Points LATEST at {@code version}, which must be published. */
  public void moveLatest(String name, String version) {
    if (!version.matches(VERSION_PATTERN) || !files.exists(manifest(name, version))) {
      throw new IllegalStateException(
          "Cannot move "
              + latestFile(name)
              + " to "
              + version
              + ": no published version at "
              + versionDir(name, version));
    }
    byte[] bytes = (version + "\n").getBytes(StandardCharsets.UTF_8);
    files.writeAtomically(latestFile(name), out -> out.write(bytes));
  }

  /** The manifest of a published version. */
  public Path manifest(String name, String version) {
    return new Path(versionDir(name, version), "manifest.json");
  }

  /**
   * The fp32 test accuracy recorded in the manifest of LATEST ({@code metrics.fp32_accuracy}),
   * empty if there is no LATEST.
   */
  public OptionalDouble latestAccuracy(String name) {
    Optional<String> latest = latest(name);
    if (latest.isEmpty()) {
      return OptionalDouble.empty();
    }
    Path path = manifest(name, latest.get());
    JsonNode accuracy =
        new Json(files)
            .read(path, JsonNode.class, MAX_MANIFEST_BYTES, "manifest")
            .path("metrics")
            .path("fp32_accuracy");
    if (!accuracy.isNumber()) {
      throw new IllegalStateException(
          "Cannot read the accuracy of LATEST: no number at metrics.fp32_accuracy in " + path);
    }
    return OptionalDouble.of(accuracy.asDouble());
  }

  /**
   * Publishes {@code artifacts} (file name in the version to source path) as {@code name/version},
   * replacing an earlier publication of the same version.
   *
   * @param manifest fields of manifest.json besides name, version and files
   * @return the manifest as written
   */
  public Map<String, Object> publish(
      String name, String version, Map<String, Path> artifacts, Map<String, Object> manifest) {
    Path target = versionDir(name, version);
    Path staging =
        new Path(
            new Path(root, modelDir(name)),
            "." + PathSegments.check("model version", version) + ".tmp-" + UUID.randomUUID());
    try {
      List<FileEntry> entries = new ArrayList<>();
      for (Map.Entry<String, Path> a : artifacts.entrySet()) {
        Path dest = new Path(staging, a.getKey());
        byte[] bytes = files.readAll(a.getValue());
        files.writeAtomically(dest, out -> out.write(bytes));
        entries.add(new FileEntry(a.getKey(), bytes.length, files.sha256(dest)));
      }
      Map<String, Object> full = new LinkedHashMap<>();
      full.put("name", name);
      full.put("version", version);
      full.put("files", entries);
      full.putAll(manifest);
      new Json(files).write(new Path(staging, "manifest.json"), full);
      files.deleteRecursively(target);
      files.rename(staging, target);
      return full;
    } catch (RuntimeException e) {
      try {
        files.deleteRecursively(staging);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }
}
