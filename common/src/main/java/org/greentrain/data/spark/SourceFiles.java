package org.greentrain.data.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.greentrain.config.DataConfig;
import org.greentrain.error.UserError;

/** Listing and reading the files of a split directory through the Hadoop FileSystem API. */
final class SourceFiles {

  private SourceFiles() {}

  /** {@code <data.source>/<split>}, qualified; it must be a directory. */
  static Path splitDir(Configuration hadoop, DataConfig data, String split, String layout) {
    Path dir = new Path(data.source(), split);
    if (!isDirectory(hadoop, dir)) {
      throw new UserError(
          "Cannot read the "
              + split
              + " split of data.source "
              + data.source()
              + ": directory "
              + dir
              + " not found ("
              + layout
              + ")");
    }
    try {
      // Listed files come back qualified; the split directory must match them.
      return dir.getFileSystem(hadoop).makeQualified(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to open " + dir, e);
    }
  }

  static boolean isDirectory(Configuration hadoop, Path p) {
    try {
      return p.getFileSystem(hadoop).getFileStatus(p).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to check " + p, e);
    }
  }

  /** Files under {@code dir} at any depth, sorted by path; hidden ('.', '_') entries skipped. */
  static List<FileStatus> listRecursively(Configuration hadoop, Path dir, Predicate<Path> accept) {
    List<FileStatus> out = new ArrayList<>();
    try {
      collect(dir.getFileSystem(hadoop), dir, accept, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list " + dir, e);
    }
    out.sort(Comparator.comparing(s -> s.getPath().toString()));
    return out;
  }

  private static void collect(FileSystem fs, Path dir, Predicate<Path> accept, List<FileStatus> out)
      throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      if (isHidden(s.getPath())) {
        continue;
      }
      if (s.isDirectory()) {
        collect(fs, s.getPath(), accept, out);
      } else if (accept.test(s.getPath())) {
        out.add(s);
      }
    }
  }

  /** Sub-directory names of {@code dir}, sorted; hidden ones skipped. */
  static List<String> subdirectories(Configuration hadoop, Path dir) {
    List<String> out = new ArrayList<>();
    try {
      for (FileStatus s : dir.getFileSystem(hadoop).listStatus(dir)) {
        if (s.isDirectory() && !isHidden(s.getPath())) {
          out.add(s.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list " + dir, e);
    }
    out.sort(null);
    return out;
  }

  /**
   * The first {@code maxBytes} bytes of {@code file}, all of it if shorter: a file that grew since
   * it was listed still costs no more than its bound.
   */
  static byte[] readAtMost(Configuration hadoop, Path file, int maxBytes) {
    try (InputStream in = file.getFileSystem(hadoop).open(file)) {
      return in.readNBytes(maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
  }

  // Spark and Hadoop mark their own files this way (_SUCCESS, .crc): never data.
  static boolean isHidden(Path p) {
    String name = p.getName();
    return name.startsWith(".") || name.startsWith("_");
  }
}
