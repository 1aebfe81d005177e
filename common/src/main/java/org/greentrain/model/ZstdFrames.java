package org.greentrain.model;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.greentrain.error.UserError;

/**
 * The zstd payload of a version 3 model file. Unlike zlib, a zstd stream read through zstd-jni's
 * stream API does not say where it ended, so the reader takes the trailer as the last 12 bytes of
 * the file and decompresses exactly what lies between header and trailer. zstd-jni is a class-path
 * dependency that Spark ships; without it, writing and reading zstd files fail with a message that
 * says so.
 */
final class ZstdFrames {

  /** zstd's level 19 of 22: the smallest files before the "ultra" levels' memory cost. */
  static final int LEVEL = 19;

  private ZstdFrames() {}

  /** Writes the compressed payload to {@code out}, which stays open. */
  static PayloadWriter writePayload(OutputStream out, int version, TensorFileFormat.Body body)
      throws IOException {
    OutputStream keepOpen =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    ZstdOutputStream compressed = newOutput(keepOpen);
    PayloadWriter payload = new PayloadWriter(compressed, version);
    body.writeTo(payload);
    payload.flush();
    // Ends the zstd frame; keepOpen leaves the caller's stream open.
    compressed.close();
    return payload;
  }

  private static ZstdOutputStream newOutput(OutputStream out) throws IOException {
    try {
      return new ZstdOutputStream(out, LEVEL);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "Cannot write a zstd model file: zstd-jni"
              + " (com.github.luben:zstd-jni) is not available ("
              + e
              + "); add it to the class"
              + " path or set compress.codec = deflate",
          e);
    }
  }

  /**
   * Reads the payload from {@code rest}, all of the file after its header: the zstd frame, then the
   * 12-byte trailer. As for deflate, a first pass counts the decompressed bytes against {@code
   * bound} without keeping them, and only then is the payload allocated.
   *
   * @throws UserError if the file is too short, corrupt or inflates past the bound
   */
  static PayloadReader read(
      byte[] rest, String source, int version, int headerBytes, InflationBound bound) {
    int trailer = TensorFileFormat.TRAILER_BYTES;
    if (rest.length <= trailer) {
      throw new UserError(
          "Cannot read "
              + source
              + ": truncated after "
              + (headerBytes + rest.length)
              + " bytes, inside the compressed payload");
    }
    int compressed = rest.length - trailer;
    int length = decompress(rest, compressed, null, source, headerBytes, bound);
    // One spare byte, so the second pass can read the end of the frame.
    byte[] payload = new byte[length + 1];
    decompress(rest, compressed, payload, source, headerBytes, bound);
    return TensorFileFormat.verify(
        source, version, payload, length, Arrays.copyOfRange(rest, compressed, rest.length), bound);
  }

  /** Decompresses into {@code out}, or only counts when it is null; returns the length. */
  private static int decompress(
      byte[] rest,
      int compressed,
      byte[] out,
      String source,
      int headerBytes,
      InflationBound bound) {
    byte[] buffer = out != null ? out : new byte[64 * 1024];
    long length = 0;
    try (ZstdInputStream in = newInput(new ByteArrayInputStream(rest, 0, compressed), source)) {
      while (true) {
        int offset = out != null ? (int) length : 0;
        int n = in.read(buffer, offset, buffer.length - offset);
        if (n < 0) {
          break;
        }
        length += n;
        bound.checkInflated(length, source);
      }
    } catch (IOException e) {
      // zstd-jni reports damage and a frame cut short alike as an IOException.
      throw new UserError(
          "Cannot read "
              + source
              + ": corrupt or truncated"
              + " compressed payload of "
              + compressed
              + " bytes after the "
              + headerBytes
              + "-byte header (zstd: "
              + e.getMessage()
              + ")",
          e);
    }
    return (int) length;
  }

  private static ZstdInputStream newInput(InputStream compressed, String source)
      throws IOException {
    try {
      return new ZstdInputStream(compressed);
    } catch (LinkageError e) {
      throw new IllegalStateException(
          "Cannot read "
              + source
              + ": it is zstd-compressed and"
              + " zstd-jni (com.github.luben:zstd-jni) is not available ("
              + e
              + "); add it to the"
              + " class path",
          e);
    }
  }
}
