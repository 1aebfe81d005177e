package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWeightsCodecTest {

  private static final String SOURCE = "model.gtmw";

  @Test
  void roundTripThroughAFileIsBitExact(@TempDir Path dir) throws IOException {
    ModelWeights weights =
        new ModelWeights(
            List.of(
                TestWeights.smallNet(11).tensors().get(0),
                TestWeights.smallNet(11).tensors().get(1),
                new NamedTensor(
                    "odd.values",
                    new long[] {2, 3},
                    new float[] {-0f, Float.MIN_VALUE, Float.MAX_VALUE, -1e-40f, 1f, Float.NaN}),
                new NamedTensor("ünïcode scalar", new long[0], new float[] {42f})));
    Path file = dir.resolve(SOURCE);

    try (OutputStream out = Files.newOutputStream(file)) {
      ModelWeightsCodec.write(weights, out);
    }
    ModelWeights read;
    try (InputStream in = Files.newInputStream(file)) {
      read = ModelWeightsCodec.read(in, file.toString());
    }

    assertThat(read.tensors()).hasSameSizeAs(weights.tensors());
    for (int i = 0; i < weights.tensors().size(); i++) {
      NamedTensor expected = weights.tensors().get(i);
      NamedTensor actual = read.tensors().get(i);
      assertThat(actual.name()).isEqualTo(expected.name());
      assertThat(actual.shape()).isEqualTo(expected.shape());
      assertThat(rawBits(actual.values())).isEqualTo(rawBits(expected.values()));
    }
  }

  @Test
  void emptyModelRoundTrips() {
    ModelWeights read = read(write(new ModelWeights(List.of())));

    assertThat(read.tensors()).isEmpty();
  }

  @Test
  void layoutMatchesTheDocumentedFormat() throws Exception {
    byte[] file = write(TestWeights.smallNet(12));
    ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(new String(file, 0, 4, "US-ASCII")).isEqualTo("GTMW");
    assertThat(le.getInt(4)).isEqualTo(3);
    assertThat(file[8]).isEqualTo((byte) 1);
    assertThat(file[9]).isEqualTo((byte) 1);
    // The body is one zlib stream; the trailer after it holds CRC32 and length of its content.
    Inflater inflater = new Inflater();
    inflater.setInput(file, 10, file.length - 10);
    byte[] payload = new byte[1 << 16];
    int length = inflater.inflate(payload);
    assertThat(inflater.finished()).isTrue();
    assertThat(inflater.getRemaining()).isEqualTo(12);
    inflater.end();
    CRC32 crc = new CRC32();
    crc.update(payload, 0, length);
    assertThat(Integer.toUnsignedLong(le.getInt(file.length - 12))).isEqualTo(crc.getValue());
    assertThat(le.getLong(file.length - 8)).isEqualTo(length);
    // Payload: tensor count, then "conv1.weight" length-prefixed, rank 4, dims, storage FP32.
    ByteBuffer p = ByteBuffer.wrap(payload, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(p.getInt()).isEqualTo(4);
    assertThat(p.getInt()).isEqualTo(12);
    assertThat(new String(payload, 8, 12, "UTF-8")).isEqualTo("conv1.weight");
    assertThat(p.getInt(20)).isEqualTo(4);
    assertThat(p.getLong(24)).isEqualTo(8);
    assertThat(p.get(56)).isEqualTo((byte) 0);
    assertThat(p.getFloat(57)).isEqualTo(TestWeights.smallNet(12).tensors().get(0).values()[0]);
  }

  @Test
  void truncationAtAnyOffsetSaysTruncated() {
    byte[] file = write(TestWeights.smallNet(13));

    for (int cut = 0; cut < file.length; cut++) {
      byte[] truncated = Arrays.copyOf(file, cut);
      assertThatThrownBy(() -> read(truncated))
          .as("cut at %d of %d", cut, file.length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Cannot read model.gtmw: truncated ");
    }
  }

  @Test
  void truncationMessageSaysWhere() {
    byte[] file = write(TestWeights.smallNet(13));

    assertThatThrownBy(() -> read(Arrays.copyOf(file, 5)))
        .hasMessage("Cannot read model.gtmw: truncated after 5 bytes, inside the 9-byte header");
    assertThatThrownBy(() -> read(Arrays.copyOf(file, 100)))
        .hasMessage(
            "Cannot read model.gtmw: truncated after 100 bytes, inside the compressed"
                + " payload");
    assertThatThrownBy(() -> read(Arrays.copyOf(file, file.length - 3)))
        .hasMessage(
            "Cannot read model.gtmw: truncated inside the 12-byte trailer (9 bytes" + " present)");
  }

  @Test
  void everySingleByteFlipIsRefused() {
    byte[] file = write(TestWeights.smallNet(14));

    for (int i = 0; i < file.length; i++) {
      byte[] altered = file.clone();
      altered[i] ^= 0x01;
      Throwable thrown = catchIllegalArgumentException(() -> read(altered));
      assertThat(thrown).as("flip at %d of %d", i, file.length).isNotNull();
      // A flip can also turn the end-of-stream code into data, which then looks truncated.
      assertThat(thrown.getMessage())
          .as("flip at %d", i)
          .matches(
              "Cannot read model\\.gtmw: (not a GreenTrain model file|unsupported format version"
                  + "|unknown model kind|unknown compressor|corrupt compressed payload|checksum mismatch"
                  + "|length mismatch|truncated).*");
    }
  }

  @Test
  void alteredChecksumIsAChecksumMismatch() {
    byte[] file = write(TestWeights.smallNet(15));
    long stored =
        Integer.toUnsignedLong(
            ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(file.length - 12));
    file[file.length - 12] ^= 0x10;

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            String.format(
                "Cannot read model.gtmw: checksum mismatch, stored CRC32 %08x, computed %08x",
                stored ^ 0x10, stored));
  }

  @Test
  void alteredLengthIsALengthMismatch() {
    byte[] file = write(new ModelWeights(List.of()));
    file[file.length - 8] ^= 0x01;

    assertThatThrownBy(() -> read(file))
        .hasMessage(
            "Cannot read model.gtmw: length mismatch, trailer says 5 payload bytes," + " found 4");
  }

  @Test
  void bytesAfterTheTrailerAreRefused() {
    byte[] file = write(TestWeights.smallNet(16));
    byte[] longer = Arrays.copyOf(file, file.length + 1);

    assertThatThrownBy(() -> read(longer))
        .hasMessage("Cannot read model.gtmw: unexpected bytes after the trailer");
  }

  @Test
  void foreignFileShowsWhatItFound() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};

    assertThatThrownBy(() -> ModelWeightsCodec.read(new ByteArrayInputStream(png), "logo.png"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read logo.png: not a GreenTrain model file (starts with"
                + " 89 50 4E 47 \".PNG\", expected \"GTMW\")");
  }

  @Test
  void newerVersionIsRefused() {
    byte[] file = write(TestWeights.smallNet(17));
    file[4] = 4;

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read model.gtmw: unsupported format version 4 (this reader supports"
                + " versions 1 to 3)");
  }

  @Test
  void unknownKindIsRefused() {
    byte[] file = write(TestWeights.smallNet(17));
    file[8] = (byte) 0xfe;

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read model.gtmw: unknown model kind code 254");
  }

  @Test
  void int8FileIsRefusedNamingItsKind() {
    byte[] file = frame(TensorFileFormat.Kind.INT8, p -> p.putTensorCount(0));

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read model.gtmw as fp32 weights: it holds int8 quantized weights");
  }

  @Test
  void int8StorageInsideAnFp32FileIsRefused() {
    byte[] file =
        frame(
            TensorFileFormat.Kind.FP32,
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("w", new long[] {2}, Storage.INT8_PER_TENSOR);
              p.putFloats(new float[] {1f});
              p.putBytes(new byte[2]);
            });

    assertThatThrownBy(() -> read(file))
        .hasMessage("Cannot read model.gtmw: tensor w has storage INT8_PER_TENSOR in an fp32 file");
  }

  @Test
  void hostileLengthsAreRefusedBeforeAllocating() {
    assertHostile(
        p -> p.putTensorCount(Integer.MAX_VALUE),
        "impossible tensor count 2147483647 for 0 remaining bytes");
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putInt(Integer.MAX_VALUE);
          p.putBytes(new byte[8]);
        },
        "impossible tensor name length 2147483647");
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putInt(1);
          p.putBytes(new byte[] {'w'});
          p.putInt(Integer.MAX_VALUE);
          p.putBytes(new byte[8]);
        },
        "impossible rank 2147483647 for tensor w");
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putTensorHeader("w", new long[] {1L << 30, 1L << 30}, Storage.FP32);
        },
        "impossible shape for tensor w: [1073741824, 1073741824]");
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putTensorHeader("w", new long[] {3, -1}, Storage.FP32);
        },
        "impossible shape for tensor w: [3, -1]");
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putTensorHeader("w", new long[] {1000, 1000}, Storage.FP32);
          p.putFloats(new float[3]);
        },
        "tensor w of shape [1000, 1000] needs 4000000 bytes but only 12 remain");
  }

  @Test
  void aPayloadInflatingFarBeyondItsFileIsRefusedBeforeItIsAllocated() {
    // A valid model of 16 Mi zero weights: 64 MiB of payload deflate to about 64 KB.
    byte[] honest = frame(TensorFileFormat.Kind.FP32, zeros(16 << 20));
    byte[] lying = honest.clone();
    // The trailer now declares a 4-byte payload: the inflater must not trust it either.
    ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN).putLong(lying.length - 8, 4);

    for (byte[] bomb : List.of(honest, lying)) {
      Allocations.Outcome<ModelWeights> o = Allocations.measure(() -> read(bomb));

      assertThat(o.thrown())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Cannot read model.gtmw: inflated payload exceeds "
                  + 128L * bomb.length
                  + " bytes (128 x the file's "
                  + bomb.length
                  + " bytes)");
      // Reading the file takes twice its size at most; inflating it would take 64 MiB.
      assertThat(o.allocatedBytes()).isLessThan(2 * Allocations.MIB);
    }
  }

  /** A payload of one fp32 tensor of {@code count} zeros, written a chunk at a time. */
  static TensorFileFormat.Body zeros(int count) {
    return p -> {
      p.putTensorCount(1);
      p.putTensorHeader("w", new long[] {count}, Storage.FP32);
      float[] chunk = new float[1 << 16];
      for (int done = 0; done < count; done += chunk.length) {
        p.putFloats(chunk.length <= count - done ? chunk : new float[count - done]);
      }
    };
  }

  @Test
  void malformedContentIsRefused() {
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putInt(2);
          p.putBytes(new byte[] {(byte) 0xc3, 0x28});
          p.putBytes(new byte[8]);
        },
        "tensor name is not valid UTF-8");
    assertHostile(
        p -> {
          p.putTensorCount(1);
          p.putInt(1);
          p.putBytes(new byte[] {'b'});
          p.putInt(0);
          p.putByte(0xc9);
          p.putFloats(new float[1]);
        },
        "unknown storage code 201 for tensor b");
    assertHostile(
        p -> {
          p.putTensorCount(0);
          p.putByte(0);
        },
        "1 unexpected bytes after the last tensor");
  }

  @Test
  void writeFailureIsWrapped() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("disk full");
          }
        };

    assertThatThrownBy(() -> ModelWeightsCodec.write(TestWeights.smallNet(18), broken))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to write model file of fp32 weights")
        .hasRootCauseMessage("disk full");
  }

  @Test
  void readFailureIsWrapped() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> ModelWeightsCodec.read(broken, SOURCE))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Failed to read model.gtmw")
        .hasRootCauseMessage("connection reset");
  }

  private static void assertHostile(TensorFileFormat.Body body, String problem) {
    byte[] file = frame(TensorFileFormat.Kind.FP32, body);

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read model.gtmw: " + problem);
  }

  private static byte[] frame(TensorFileFormat.Kind kind, TensorFileFormat.Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TensorFileFormat.write(out, kind, body);
    return out.toByteArray();
  }

  /** A deflate file, whose stream structure these tests probe; ZstdModelFileTest covers zstd. */
  private static byte[] write(ModelWeights weights) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelWeightsCodec.write(weights, out, TensorFileFormat.Compressor.DEFLATE);
    return out.toByteArray();
  }

  private static ModelWeights read(byte[] file) {
    return ModelWeightsCodec.read(new ByteArrayInputStream(file), SOURCE);
  }

  private static int[] rawBits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
