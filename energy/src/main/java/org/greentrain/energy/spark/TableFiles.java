package org.greentrain.energy.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The file operations {@link EnergyTableWriter} needs, on paths relative to the output directory
 * ({@code /}-separated). A local output uses java.nio ({@link LocalTableFiles}): Hadoop's local
 * file system would load its classes and fork {@code chmod} at every file while the application
 * stops. Any other ({@code hdfs://}, {@code s3a://}) uses Hadoop's {@code FileSystem} ({@link
 * HadoopTableFiles}). Called on the driver's plugin threads, one at a time; calls block on I/O.
 */
interface TableFiles {

  /** A file or directory in a listed directory. */
  record Entry(String name, boolean isDirectory) {}

  boolean exists(String path) throws IOException;

  /** Writes a new file, creating its parent directories; fails if it exists. */
  void write(String path, byte[] bytes) throws IOException;

  void mkdirs(String dir) throws IOException;

  /** Renames a file or directory to a name that does not exist; atomically where local. */
  void rename(String from, String to) throws IOException;

  /** Deletes a file, or a directory and all it holds; nothing if there is none. */
  void delete(String path) throws IOException;

  /** Deletes a directory if it exists and is empty. */
  void deleteIfEmpty(String dir) throws IOException;

  List<Entry> list(String dir) throws IOException;

  /** The modification time of the newest file under {@code dir}, 0 if there is none. */
  long newestModified(String dir) throws IOException;

  /** The path as a message should name it. */
  String describe(String path);

  /**
   * The files under {@code output}: local for a {@code file:} URI, or a path without a scheme where
   * Hadoop's default file system is local (as Hadoop would resolve it), else Hadoop's.
   */
  static TableFiles of(Configuration hadoop, String output) {
    Path local = localPath(output, hadoop.get("fs.defaultFS", "file:///"));
    return local != null ? new LocalTableFiles(local) : new HadoopTableFiles(hadoop, output);
  }

  /** The local directory {@code output} names, null where it is not local. */
  static Path localPath(String output, String defaultFs) {
    String scheme = scheme(output);
    if (scheme == null) {
      return "file".equals(scheme(defaultFs)) ? Path.of(output) : null;
    }
    if (!scheme.equals("file")) {
      return null;
    }
    String rest = output.substring("file:".length());
    if (rest.startsWith("//")) {
      // file:///x has an empty authority; file://host/x is left to Hadoop, as it always was.
      int slash = rest.indexOf('/', 2);
      if (slash != 2) {
        return null;
      }
      rest = rest.substring(2);
    }
    return Path.of(rest);
  }

  /** The scheme as Hadoop's {@code Path} reads it: text before a colon that precedes any slash. */
  private static String scheme(String path) {
    int colon = path.indexOf(':');
    int slash = path.indexOf('/');
    return colon > 0 && (slash < 0 || colon < slash)
        ? path.substring(0, colon).toLowerCase(java.util.Locale.ROOT)
        : null;
  }
}
