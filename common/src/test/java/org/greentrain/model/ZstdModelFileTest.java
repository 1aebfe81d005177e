package org.greentrain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;

/** Version 3 files with a zstd payload ({@code compress.codec = zstd}). */
class ZstdModelFileTest {

  private static final String SOURCE = "model.gtm";

  @Test
  void zstdFilesAreVersionThreeAndRoundTripBitForBit() throws Exception {
    ModelWeights weights = TestWeights.smallNet(31);
    byte[] file = write(weights);
    ByteBuffer le = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(le.getInt(4)).isEqualTo(3);
    assertThat(file[9]).isEqualTo((byte) 2);
    // zstd's frame magic follows the header (RFC 8878, 0xFD2FB528 little-endian).
    assertThat(le.getInt(10)).isEqualTo(0xFD2FB528);
    ModelWeights read = read(file);
    for (int i = 0; i < weights.tensors().size(); i++) {
      assertThat(read.tensors().get(i).values()).isEqualTo(weights.tensors().get(i).values());
      assertThat(read.tensors().get(i).shape()).isEqualTo(weights.tensors().get(i).shape());
    }
    // The trailer's CRC32 covers the decompressed payload, as in every version.
    CRC32 crc = new CRC32();
    byte[] payload;
    try (InputStream zstd =
        new ZstdInputStream(new ByteArrayInputStream(file, 10, file.length - 22))) {
      payload = zstd.readAllBytes();
    }
    crc.update(payload);
    assertThat(Integer.toUnsignedLong(le.getInt(file.length - 12))).isEqualTo(crc.getValue());
    assertThat(le.getLong(file.length - 8)).isEqualTo(payload.length);
  }

  @Test
  void everyCutIsRefusedWithTheFileName() {
    byte[] file = write(TestWeights.smallNet(32));

    for (int cut = 0; cut < file.length; cut++) {
      byte[] truncated = Arrays.copyOf(file, cut);
      assertThatThrownBy(() -> read(truncated))
          .as("cut at %d of %d", cut, file.length)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Cannot read model.gtm: ");
    }
    assertThatThrownBy(() -> read(Arrays.copyOf(file, 9)))
        .hasMessage("Cannot read model.gtm: truncated after 9 bytes, inside the 10-byte header");
    assertThatThrownBy(() -> read(Arrays.copyOf(file, 20)))
        .hasMessage(
            "Cannot read model.gtm: truncated after 20 bytes, inside the compressed" + " payload");
  }

  @Test
  void everySingleByteFlipIsRefusedOrChangesNothing() {
    ModelWeights weights = TestWeights.smallNet(33);
    byte[] file = write(weights);

    int refused = 0;
    for (int i = 0; i < file.length; i++) {
      byte[] altered = file.clone();
      altered[i] ^= 0x01;
      Throwable thrown = catchThrowable(() -> read(altered));
      if (thrown == null) {
        // A flip of a frame-header flag zstd does not need (such as its own checksum flag) can
        // decode to the very same payload; the CRC32 then rightly passes.
        assertThat(read(altered).tensors().get(0).values())
            .isEqualTo(weights.tensors().get(0).values());
        continue;
      }
      refused++;
      assertThat(thrown)
          .as("flip at %d of %d", i, file.length)
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(thrown.getMessage())
          .as("flip at %d", i)
          .matches(
              "Cannot read model\\.gtm: (not a GreenTrain model file|unsupported format version"
                  + "|unknown model kind|unknown compressor|corrupt (or truncated )?compressed payload"
                  + "|checksum mismatch|length mismatch|truncated|impossible|tensor ).*");
    }
    assertThat(refused).isGreaterThan(file.length * 99 / 100);
  }

  @Test
  void unknownCompressorAndExtraBytesAreRefused() {
    byte[] file = write(TestWeights.smallNet(34));
    byte[] unknown = file.clone();
    unknown[9] = 9;
    byte[] longer = Arrays.copyOf(file, file.length + 1);

    assertThatThrownBy(() -> read(unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read model.gtm: unknown compressor code 9");
    // The trailer is taken from the end; a byte after it shifts it into the zstd frame.
    assertThatThrownBy(() -> read(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot read model.gtm: corrupt or truncated compressed payload");
  }

  @Test
  void deflateAndZstdFilesOfTheSameModelReadTheSame() {
    ModelWeights weights = TestWeights.smallNet(35);
    ByteArrayOutputStream deflate = new ByteArrayOutputStream();
    ModelWeightsCodec.write(weights, deflate, TensorFileFormat.Compressor.DEFLATE);

    assertThat(read(deflate.toByteArray()).tensors().get(0).values())
        .isEqualTo(read(write(weights)).tensors().get(0).values());
    assertThatThrownBy(() -> TensorFileFormat.Compressor.named("lz4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid compressor: lz4 (deflate, zstd)");
  }

  @Test
  void aZstdPayloadInflatingFarBeyondItsFileIsRefusedBeforeItIsAllocated() {
    // 16 MiB of zero weights compress to a few hundred bytes: the 1 MiB allowance applies.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TensorFileFormat.write(
        out,
        TensorFileFormat.Kind.FP32,
        TensorFileFormat.Compressor.ZSTD,
        ModelWeightsCodecTest.zeros(4 << 20));
    byte[] bomb = out.toByteArray();

    Allocations.Outcome<ModelWeights> o = Allocations.measure(() -> read(bomb));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read model.gtm: inflated payload exceeds 1048576 bytes (the allowance of"
                + " every file)");
    assertThat(o.allocatedBytes()).isLessThan(2 * Allocations.MIB);
  }

  private static byte[] write(ModelWeights weights) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelWeightsCodec.write(weights, out, TensorFileFormat.Compressor.ZSTD);
    return out.toByteArray();
  }

  private static ModelWeights read(byte[] file) {
    return ModelWeightsCodec.read(new ByteArrayInputStream(file), SOURCE);
  }
}
