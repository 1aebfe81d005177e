package org.greentrain.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import org.greentrain.error.UserError;

/**
 * The framing shared by GreenTrain model files ({@code docs/compression.md}): a header (magic
 * {@code GTMW}, format version, {@link Kind} and, since version 3, the {@link Compressor}), the
 * compressed payload, and a trailer with the CRC32 and length of the uncompressed payload.
 * Multi-byte numbers are little-endian. Versions 1 and 2 are always zlib-compressed. The payload's
 * content is written by the codecs through {@link PayloadWriter} and read through {@link
 * PayloadReader}, which bounds every length by the bytes actually present.
 *
 * <p>Stateless and thread-safe; streams are neither closed nor shared.
 */
public final class TensorFileFormat {

  /** The newest format version, which this code writes: it names the payload's compressor. */
  public static final int VERSION = 3;

  /** The first version whose header names the compressor. */
  public static final int COMPRESSOR_VERSION = 3;

  /** The oldest format version this code reads. */
  public static final int FIRST_VERSION = 1;

  /** The largest uncompressed payload written or read, so a hostile file cannot exhaust memory. */
  public static final int MAX_PAYLOAD_BYTES = 1 << 30;

  /**
   * The most bytes of compressed payload and trailer read after the header: a payload of {@link
   * #MAX_PAYLOAD_BYTES} never compresses to more than this with either compressor.
   */
  static final int MAX_COMPRESSED_BYTES = MAX_PAYLOAD_BYTES / 2 * 3;

  /** The largest model file a reader accepts, so a loader can refuse a larger one unread. */
  public static final long MAX_FILE_BYTES =
      TensorFileFormat.HEADER_BYTES_V3 + (long) MAX_COMPRESSED_BYTES;

  /**
   * How many times its own size a file's payload may inflate to, and its tensors decode to: a
   * payload inflating further is refused before it is allocated. Real models stay far below: an
   * fp32 file pruned to 99% zeros inflates about 60-fold, an int8 one about 40-fold when decoded.
   */
  public static final int MAX_INFLATION_RATIO = 128;

  /**
   * What any file may inflate to whatever its size: a small model of zeros compresses far more than
   * {@link #MAX_INFLATION_RATIO}-fold.
   */
  public static final int INFLATION_ALLOWANCE_BYTES = 1 << 20;

  static final int HEADER_BYTES = 9;
  static final int HEADER_BYTES_V3 = 10;
  static final int TRAILER_BYTES = 12;
  private static final byte[] MAGIC = {'G', 'T', 'M', 'W'};
  private static final int CHUNK = 64 * 1024;

  private TensorFileFormat() {}

  /** What a model file holds; a reader for one kind refuses the other. */
  public enum Kind {
    FP32(1, "fp32 weights"),
    INT8(2, "int8 quantized weights");

    private final int code;
    private final String description;

    Kind(int code, String description) {
      this.code = code;
      this.description = description;
    }

    /** The byte that stands for this kind in the header. */
    public int code() {
      return code;
    }

    /** What the kind holds, for messages: "fp32 weights", "int8 quantized weights". */
    public String description() {
      return description;
    }
  }

  /**
   * The general-purpose compressor of the payload, named by a header byte since version 3. Deflate
   * needs only the JDK; zstd (level 19) needs {@code com.github.luben:zstd-jni}, which every Spark
   * 3.5 installation ships. On GreenTrain's models both give sizes within 1% of each other
   * (docs/compression.md), so files default to deflate, which every JVM reads.
   */
  public enum Compressor {
    DEFLATE(1, "deflate"),
    ZSTD(2, "zstd");

    /** The compressor new files use unless told otherwise. */
    public static final Compressor DEFAULT = DEFLATE;

    private final int code;
    private final String configName;

    Compressor(int code, String configName) {
      this.code = code;
      this.configName = configName;
    }

    public int code() {
      return code;
    }

    /** The name in config and messages: "deflate", "zstd". */
    public String configName() {
      return configName;
    }

    /**
     * The compressor of a config name.
     *
     * @throws UserError naming the known names otherwise
     */
    public static Compressor named(String name) {
      for (Compressor c : values()) {
        if (c.configName.equals(name)) {
          return c;
        }
      }
      throw new UserError("Invalid compressor: " + name + " (deflate, zstd)");
    }
  }

  /** Writes the body of a payload; the framing around it is written by {@link #write}. */
  @FunctionalInterface
  public interface Body {
    void writeTo(PayloadWriter payload) throws IOException;
  }

  /**
   * Writes one model file of version {@link #VERSION} with the {@link Compressor#DEFAULT}
   * compressor to {@code out} and flushes it; {@code out} stays open.
   *
   * @throws UncheckedIOException if writing fails
   * @throws IllegalArgumentException if the payload exceeds {@link #MAX_PAYLOAD_BYTES}
   */
  public static void write(OutputStream out, Kind kind, Body body) {
    write(out, kind, VERSION, Compressor.DEFAULT, body);
  }

  /** Writes one model file of version {@link #VERSION} compressed with {@code compressor}. */
  public static void write(OutputStream out, Kind kind, Compressor compressor, Body body) {
    write(out, kind, VERSION, compressor, body);
  }

  /**
   * The oldest version that can hold all of {@code storages}, so that files without new storage
   * stay readable by older readers.
   */
  public static int versionFor(Iterable<Storage> storages) {
    int version = FIRST_VERSION;
    for (Storage s : storages) {
      version = Math.max(version, s.sinceVersion());
    }
    return version;
  }

  /**
   * Writes one model file of format {@code version} to {@code out} and flushes it; {@code out}
   * stays open. The payload must use only storage of that version or older. Versions before {@link
   * #COMPRESSOR_VERSION} are always deflated, for tests of older readers' files.
   *
   * @throws UncheckedIOException if writing fails
   * @throws IllegalArgumentException if the payload exceeds {@link #MAX_PAYLOAD_BYTES} or the
   *     version is not one this code knows
   */
  public static void write(OutputStream out, Kind kind, int version, Body body) {
    write(
        out,
        kind,
        version,
        version < COMPRESSOR_VERSION ? Compressor.DEFLATE : Compressor.DEFAULT,
        body);
  }

  private static void write(
      OutputStream out, Kind kind, int version, Compressor compressor, Body body) {
    if (version < FIRST_VERSION || version > VERSION) {
      throw new IllegalArgumentException(
          "Cannot write model file: unknown format version "
              + version
              + " (known: "
              + FIRST_VERSION
              + " to "
              + VERSION
              + ")");
    }
    boolean named = version >= COMPRESSOR_VERSION;
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      ByteBuffer header =
          ByteBuffer.allocate(named ? HEADER_BYTES_V3 : HEADER_BYTES)
              .order(ByteOrder.LITTLE_ENDIAN)
              .put(MAGIC)
              .putInt(version)
              .put((byte) kind.code());
      if (named) {
        header.put((byte) compressor.code());
      }
      out.write(header.array());
      PayloadWriter payload;
      if (compressor == Compressor.ZSTD) {
        payload = ZstdFrames.writePayload(out, version, body);
      } else {
        // finish() below ends the zlib stream without closing out, which the caller owns.
        DeflaterOutputStream compressed = new DeflaterOutputStream(out, deflater, CHUNK);
        payload = new PayloadWriter(compressed, version);
        body.writeTo(payload);
        payload.flush();
        compressed.finish();
      }
      out.write(
          ByteBuffer.allocate(TRAILER_BYTES)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt((int) payload.crc())
              .putLong(payload.length())
              .array());
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to write model file of " + kind.description(), e);
    } finally {
      deflater.end();
    }
  }

  /**
   * Reads the framing of one model file, to the end of {@code in}, and checks it: magic, version,
   * kind, compressed stream, length and CRC32. {@code in} stays open.
   *
   * @param sourceName names the file in error messages
   * @param expected the kind the caller can decode
   * @return the verified payload, positioned at its start
   * @throws UserError if the file is foreign, of another version or kind, truncated or corrupt; the
   *     message names {@code sourceName}
   * @throws UncheckedIOException if reading fails
   */
  public static PayloadReader read(InputStream in, String sourceName, Kind expected) {
    try {
      int version = checkHeader(in.readNBytes(HEADER_BYTES), sourceName, expected);
      int headerBytes = version < COMPRESSOR_VERSION ? HEADER_BYTES : HEADER_BYTES_V3;
      Compressor compressor =
          version < COMPRESSOR_VERSION ? Compressor.DEFLATE : readCompressor(in, sourceName);
      // The whole file is read first: the bound on what it may inflate to is a multiple of it.
      byte[] rest = in.readNBytes(MAX_COMPRESSED_BYTES);
      if (rest.length == MAX_COMPRESSED_BYTES && in.read() >= 0) {
        throw new UserError(
            "Cannot read "
                + sourceName
                + ": compressed payload exceeds the limit of "
                + MAX_COMPRESSED_BYTES
                + " bytes");
      }
      InflationBound bound = new InflationBound(headerBytes + (long) rest.length);
      if (compressor == Compressor.ZSTD) {
        return ZstdFrames.read(rest, sourceName, version, headerBytes, bound);
      }
      return inflate(rest, sourceName, version, headerBytes, bound);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + sourceName, e);
    }
  }

  private static Compressor readCompressor(InputStream in, String source) throws IOException {
    int code = in.read();
    if (code < 0) {
      throw new UserError(
          "Cannot read "
              + source
              + ": truncated after "
              + HEADER_BYTES
              + " bytes, inside the "
              + HEADER_BYTES_V3
              + "-byte header");
    }
    return Arrays.stream(Compressor.values())
        .filter(c -> c.code() == code)
        .findFirst()
        .orElseThrow(
            () -> new UserError("Cannot read " + source + ": unknown compressor code " + code));
  }

  /** Checks the header and returns its format version. */
  private static int checkHeader(byte[] header, String source, Kind expected) {
    int magicBytes = Math.min(header.length, MAGIC.length);
    if (!Arrays.equals(header, 0, magicBytes, MAGIC, 0, magicBytes)) {
      throw new UserError(
          "Cannot read "
              + source
              + ": not a GreenTrain model file (starts with "
              + describe(header, magicBytes)
              + ", expected \"GTMW\")");
    }
    if (header.length < HEADER_BYTES) {
      throw new UserError(
          "Cannot read "
              + source
              + ": truncated after "
              + header.length
              + " bytes, inside the "
              + HEADER_BYTES
              + "-byte header");
    }
    ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    int version = fields.getInt(MAGIC.length);
    if (version < FIRST_VERSION || version > VERSION) {
      throw new UserError(
          "Cannot read "
              + source
              + ": unsupported format version "
              + version
              + " (this reader supports versions "
              + FIRST_VERSION
              + " to "
              + VERSION
              + ")");
    }
    int code = fields.get(MAGIC.length + 4) & 0xff;
    Kind kind =
        Arrays.stream(Kind.values())
            .filter(k -> k.code() == code)
            .findFirst()
            .orElseThrow(
                () -> new UserError("Cannot read " + source + ": unknown model kind code " + code));
    if (kind != expected) {
      throw new UserError(
          "Cannot read "
              + source
              + " as "
              + expected.description()
              + ": it holds "
              + kind.description());
    }
    return version;
  }

  /**
   * Inflates the zlib stream at the start of {@code rest}, which the 12-byte trailer must follow. A
   * first pass only counts the inflated bytes against {@code bound}, so a payload inflating past it
   * is refused having allocated nothing; the second allocates exactly what the first counted.
   */
  private static PayloadReader inflate(
      byte[] rest, String source, int version, int headerBytes, InflationBound bound) {
    int length = inflate(rest, null, source, headerBytes, bound);
    // One spare byte, so the inflater always has room to reach the stream's end marker.
    byte[] payload = new byte[length + 1];
    inflate(rest, payload, source, headerBytes, bound);
    byte[] trailer = Arrays.copyOfRange(rest, rest.length - TRAILER_BYTES, rest.length);
    return verify(source, version, payload, length, trailer, bound);
  }

  /** Inflates into {@code out}, or only counts when it is null; returns the inflated length. */
  private static int inflate(
      byte[] rest, byte[] out, String source, int headerBytes, InflationBound bound) {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(rest);
      byte[] buffer = out != null ? out : new byte[CHUNK];
      long length = 0;
      while (!inflater.finished()) {
        int n =
            out != null
                ? inflater.inflate(buffer, (int) length, buffer.length - (int) length)
                : inflater.inflate(buffer);
        length += n;
        bound.checkInflated(length, source);
        if (n == 0 && inflater.needsDictionary()) {
          throw new UserError(
              "Cannot read " + source + ": corrupt compressed payload (asks for a dictionary)");
        }
        if (n == 0 && inflater.needsInput()) {
          throw new UserError(
              "Cannot read "
                  + source
                  + ": truncated after "
                  + (headerBytes + rest.length)
                  + " bytes, inside the compressed payload");
        }
      }
      checkTrailerLength(inflater.getRemaining(), source);
      return (int) length;
    } catch (DataFormatException e) {
      throw new UserError(
          "Cannot read " + source + ": corrupt compressed payload (" + e.getMessage() + ")", e);
    } finally {
      inflater.end();
    }
  }

  /** The trailer is whatever follows the end of the zlib stream and must be exactly 12 bytes. */
  private static void checkTrailerLength(int leftover, String source) {
    if (leftover < TRAILER_BYTES) {
      throw new UserError(
          "Cannot read "
              + source
              + ": truncated inside the "
              + TRAILER_BYTES
              + "-byte trailer ("
              + leftover
              + " bytes present)");
    }
    if (leftover > TRAILER_BYTES) {
      throw new UserError("Cannot read " + source + ": unexpected bytes after the trailer");
    }
  }

  static PayloadReader verify(
      String source,
      int version,
      byte[] payload,
      int length,
      byte[] trailer,
      InflationBound bound) {
    ByteBuffer fields = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN);
    long storedCrc = Integer.toUnsignedLong(fields.getInt());
    long storedLength = fields.getLong();
    CRC32 crc = new CRC32();
    crc.update(payload, 0, length);
    if (storedLength != length) {
      throw new UserError(
          "Cannot read "
              + source
              + ": length mismatch, trailer says "
              + storedLength
              + " payload bytes, found "
              + length);
    }
    if (crc.getValue() != storedCrc) {
      throw new UserError(
          String.format(
              "Cannot read %s: checksum mismatch, stored CRC32 %08x, computed %08x",
              source, storedCrc, crc.getValue()));
    }
    return new PayloadReader(
        ByteBuffer.wrap(payload, 0, length).slice().order(ByteOrder.LITTLE_ENDIAN),
        source,
        version,
        bound);
  }

  /** Hex bytes with their printable ASCII, so a PNG or a zip shows what it is. */
  private static String describe(byte[] bytes, int count) {
    StringBuilder hex = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int b = bytes[i] & 0xff;
      hex.append(i == 0 ? "" : " ").append(String.format("%02X", b));
      text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    return hex + " \"" + text + "\"";
  }
}
