package org.greentrain.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.Path;

/**
 * Published models under {@code models/<name>/<version>/}. A version is assembled in a hidden
 * temporary directory, its {@code manifest.json} written last, and only then renamed into
 * place, so a reader that sees a version directory sees all of it.
 */
public final class ModelRegistry {

  /** One file of a published version as the manifest lists it. */
  public record FileEntry(String name, long bytes, String sha256) {}

  private final WarehouseFiles files;
  private final Path root;

  public ModelRegistry(WarehouseFiles files, Path modelsRoot) {
    this.files = files;
    this.root = modelsRoot;
  }

  public Path versionDir(String name, String version) {
    return new Path(root, name + "/" + version);
  }

  /**
   * Publishes {@code artifacts} (file name in the version to source path) as {@code
   * name/version}, replacing an earlier publication of the same version.
   *
   * @param manifest fields of manifest.json besides name, version and files
   * @return the manifest as written
   */
  public Map<String, Object> publish(
      String name, String version, Map<String, Path> artifacts, Map<String, Object> manifest) {
    Path target = versionDir(name, version);
    Path staging = new Path(root, name + "/." + version + ".tmp-" + UUID.randomUUID());
    try {
      List<FileEntry> entries = new ArrayList<>();
      for (Map.Entry<String, Path> a : artifacts.entrySet()) {
        Path dest = new Path(staging, a.getKey());
        byte[] bytes = files.readAll(a.getValue());
        files.writeAtomically(dest, out -> out.write(bytes));
        entries.add(new FileEntry(a.getKey(), bytes.length, sha256(dest)));
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

  /** Hex SHA-256 of a file's bytes. */
  public String sha256(Path path) {
    try (InputStream in =
        new DigestInputStream(files.open(path), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
