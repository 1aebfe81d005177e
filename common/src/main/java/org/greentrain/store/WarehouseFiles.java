package org.greentrain.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.greentrain.digest.Sha256;
import org.greentrain.error.UserError;

/**
 * Reads and writes whole files through the Hadoop FileSystem API, so the same code serves file://,
 * hdfs:// and s3a:// warehouses. Writes go to a temporary sibling and are renamed into place, so a
 * reader never sees a half-written file; on the local file system and HDFS the rename also replaces
 * an existing file in one step, so a reader never finds it missing either.
 */
public final class WarehouseFiles {

  /** Writes the body of one file. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Configuration hadoop;
  // One per file system: each FileContext of HDFS opens a client of its own.
  private final Map<URI, FileContext> contexts = new ConcurrentHashMap<>();

  public WarehouseFiles(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  public FileSystem fileSystem(Path path) {
    try {
      return path.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to open the file system of " + path, e);
    }
  }

  /** Fully qualified form of a user-given location (relative paths resolve locally). */
  public Path qualify(String location) {
    Path p = new Path(URI.create(location.replace(" ", "%20")));
    return fileSystem(p).makeQualified(p);
  }

  public boolean exists(Path path) {
    try {
      return fileSystem(path).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to check " + path, e);
    }
  }

  /** Atomically replaces {@code path} with what {@code body} writes. */
  public void writeAtomically(Path path, Body body) {
    FileSystem fs = fileSystem(path);
    Path tmp = new Path(path.getParent(), "." + path.getName() + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        body.writeTo(out);
      }
      replace(fs, tmp, path);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(fs, tmp, e);
      throw e instanceof IOException io
          ? new UncheckedIOException("Failed to write " + path, io)
          : (RuntimeException) e;
    }
  }

  /** Opens a file for reading; a missing file is the caller's input error. */
  public InputStream open(Path path) {
    try {
      return fileSystem(path).open(path);
    } catch (FileNotFoundException e) {
      throw new UserError("Cannot read " + path + ": not found", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  public byte[] readAll(Path path) {
    try (InputStream in = open(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  public long length(Path path) {
    try {
      return fileSystem(path).getFileStatus(path).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to stat " + path, e);
    }
  }

  /** Hex SHA-256 of a file's bytes, read as a stream. */
  public String sha256(Path path) {
    try (InputStream in = open(path)) {
      return Sha256.hex(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + path, e);
    }
  }

  /** The directories directly under {@code dir}, none if it does not exist. */
  public List<Path> listDirectories(Path dir) {
    try {
      FileSystem fs = fileSystem(dir);
      List<Path> out = new ArrayList<>();
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus st : fs.listStatus(dir)) {
        if (st.isDirectory()) {
          out.add(st.getPath());
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to list " + dir, e);
    }
  }

  /** Deletes a file or directory tree if it exists. */
  public void deleteRecursively(Path path) {
    try {
      FileSystem fs = fileSystem(path);
      if (fs.exists(path) && !fs.delete(path, true)) {
        throw new IOException("delete returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to delete " + path, e);
    }
  }

  /** Renames a file or directory; the target must not exist. */
  public void rename(Path from, Path to) {
    try {
      FileSystem fs = fileSystem(from);
      fs.mkdirs(to.getParent());
      if (!fs.rename(from, to)) {
        throw new IOException("rename returned false");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to rename " + from + " to " + to, e);
    }
  }

  /**
   * Renames the file {@code from} to {@code to}, replacing {@code to} if it exists. FileSystem's
   * rename replaces a file on the local file system (a POSIX rename) but returns false on HDFS,
   * whose rename never overwrites; there FileContext's rename with OVERWRITE replaces it in one
   * NameNode operation. A delete before the rename would leave a moment with no file at all, which
   * a reader of LATEST would take for "no version yet". File systems without an atomic rename
   * (object stores such as s3a) do their own delete and copy inside FileContext.
   */
  private void replace(FileSystem fs, Path from, Path to) throws IOException {
    if (fs instanceof ChecksumFileSystem checksummed) {
      // The local file system keeps a .crc file beside each file and renames the two one after the
      // other: a reader in between would pair the new file with the old checksum and fail. A file
      // without its .crc is read unverified, so the old checksum goes first.
      checksummed.getRawFileSystem().delete(checksummed.getChecksumFile(to), false);
    }
    if (fs.rename(from, to)) {
      return;
    }
    FileContext context = contexts.get(fs.getUri());
    if (context == null) {
      context = FileContext.getFileContext(fs.getUri(), hadoop);
      contexts.putIfAbsent(fs.getUri(), context);
    }
    // Throws, naming the cause, where the plain rename only said false.
    context.rename(from, to, Options.Rename.OVERWRITE);
  }

  private static void deleteQuietly(FileSystem fs, Path tmp, Exception cause) {
    try {
      fs.delete(tmp, false);
    } catch (IOException cleanup) {
      cause.addSuppressed(cleanup);
    }
  }
}
