package org.greentrain.model;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

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
   * Reads the rest of the file: returns {compressed payload, 12-byte trailer}.
   *
   * @throws IllegalArgumentException if the file is too short or too long to be a model file
   */
  static byte[][] splitTrailer(InputStream in, String source, int headerBytes) throws IOException {
    // Bounded: a payload of the maximum size never compresses to more than this.
    int limit = TensorFileFormat.MAX_PAYLOAD_BYTES / 2 * 3;
    byte[] rest = in.readNBytes(limit);
    if (rest.length == limit && in.read() >= 0) {
      throw new IllegalArgumentException(
          "Cannot read "
              + source
              + ": compressed payload larger than the limit of "
              + limit
              + " bytes");
    }
    int trailer = TensorFileFormat.TRAILER_BYTES;
    if (rest.length <= trailer) {
      throw new IllegalArgumentException(
          "Cannot read "
              + source
              + ": truncated after "
              + (headerBytes + rest.length)
              + " bytes, inside the compressed payload");
    }
    return new byte[][] {
      Arrays.copyOf(rest, rest.length - trailer),
      Arrays.copyOfRange(rest, rest.length - trailer, rest.length)
    };
  }

  /** Decompresses one whole zstd payload, growing its buffer only as data arrives. */
  static byte[] decompress(byte[] compressed, String source, int headerBytes) {
    byte[] out = new byte[64 * 1024];
    int length = 0;
    try (ZstdInputStream in = newInput(compressed, source)) {
      while (true) {
        if (length == out.length) {
          out = TensorFileFormat.grow(out, source);
        }
        int n = in.read(out, length, out.length - length);
        if (n < 0) {
          break;
        }
        length += n;
      }
    } catch (IOException e) {
      // zstd-jni reports damage and a frame cut short alike as an IOException.
      throw new IllegalArgumentException(
          "Cannot read "
              + source
              + ": corrupt or truncated"
              + " compressed payload of "
              + compressed.length
              + " bytes after the "
              + headerBytes
              + "-byte header (zstd: "
              + e.getMessage()
              + ")",
          e);
    }
    return Arrays.copyOf(out, length);
  }

  private static ZstdInputStream newInput(byte[] compressed, String source) throws IOException {
    try {
      return new ZstdInputStream(new ByteArrayInputStream(compressed));
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
