package org.greentrain.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@link LabeledImages} as a pair of IDX files that {@link IdxReader} and the usual MNIST
 * loaders can read, optionally gzipped.
 *
 * <p>Each file is written to a temporary file in its target directory and then moved into place, so
 * a reader never sees a half-written file and a failure leaves no temporary behind. The two moves
 * are separate: if the second fails, the images file is already replaced.
 */
public final class IdxWriter {

  private IdxWriter() {}

  /**
   * Writes the images and labels files, creating their parent directories as needed. IDX holds grey
   * images only: images of 3 channels are refused.
   */
  public static void write(LabeledImages data, Path imagesOut, Path labelsOut, boolean gzip) {
    if (data.channels() != 1) {
      throw new IllegalArgumentException(
          "Cannot write "
              + imagesOut
              + ": IDX files hold grey images, got "
              + data.channels()
              + " channels");
    }
    Path imagesTmp =
        writeTemp(
            imagesOut,
            gzip,
            out -> {
              out.writeInt(IdxReader.IMAGES_MAGIC);
              out.writeInt(data.count());
              out.writeInt(data.rows());
              out.writeInt(data.cols());
              out.write(data.pixels());
            });
    Path labelsTmp;
    try {
      labelsTmp =
          writeTemp(
              labelsOut,
              gzip,
              out -> {
                out.writeInt(IdxReader.LABELS_MAGIC);
                out.writeInt(data.count());
                out.write(data.labels());
              });
    } catch (RuntimeException e) {
      deleteQuietly(imagesTmp, e);
      throw e;
    }
    moveIntoPlace(imagesTmp, imagesOut, labelsTmp);
    moveIntoPlace(labelsTmp, labelsOut, null);
  }

  private interface Body {
    void writeTo(DataOutputStream out) throws IOException;
  }

  private static Path writeTemp(Path target, boolean gzip, Body body) {
    Path dir = target.toAbsolutePath().getParent();
    // Not Files.createTempFile: that makes the file owner-only, and the move would carry those
    // permissions to a data file that should get the usual ones.
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write " + target, e);
    }
    try (OutputStream file =
            Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream maybeGzip = gzip ? new GZIPOutputStream(file, 1 << 16) : file;
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(maybeGzip, 1 << 16))) {
      body.writeTo(out);
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("Failed to write " + target, e);
      deleteQuietly(tmp, failure);
      throw failure;
    } catch (RuntimeException e) {
      deleteQuietly(tmp, e);
      throw e;
    }
    return tmp;
  }

  /** Moves {@code tmp} onto {@code target}; on failure deletes it and {@code alsoDelete}. */
  private static void moveIntoPlace(Path tmp, Path target, Path alsoDelete) {
    try {
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        // Same directory, so this only happens on odd file systems; a plain rename is the best
        // left.
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("Failed to write " + target, e);
      deleteQuietly(tmp, failure);
      if (alsoDelete != null) {
        deleteQuietly(alsoDelete, failure);
      }
      throw failure;
    }
  }

  private static void deleteQuietly(Path tmp, Exception primary) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }
}
