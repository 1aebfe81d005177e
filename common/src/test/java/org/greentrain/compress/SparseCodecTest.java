package org.greentrain.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.Storage;
import org.greentrain.model.TensorFileFormat;
import org.greentrain.model.TestWeights;
import org.greentrain.testing.Allocations;
import org.junit.jupiter.api.Test;

class SparseCodecTest {

  private static final String SOURCE = "model-prune-80-int8.gtmw";

  /** About 200k Gaussian weights, like the reference CNN's dense layers. */
  private static ModelWeights bigNet() {
    Random random = new Random(31);
    return new ModelWeights(
        List.of(
            TestWeights.gaussian("conv.weight", random, 0.05, 64, 32, 3, 3),
            TestWeights.gaussian("conv.bias", random, 0.01, 64),
            TestWeights.gaussian("fc.weight", random, 0.02, 256, 700),
            TestWeights.gaussian("fc.bias", random, 0.01, 256)));
  }

  @Test
  void prunedModelRoundTripsExactlyThroughSparseStorage() {
    for (QuantizedModel model :
        List.of(
            Int8Quantizer.quantizePerChannel(
                MagnitudePruner.prune(TestWeights.smallNet(3), 0.8).weights()),
            Int8Quantizer.quantizePerTensor(
                MagnitudePruner.prune(TestWeights.smallNet(4), 0.9).weights()))) {
      byte[] file = write(model);

      assertThat(versionOf(file)).isEqualTo(3);
      QuantizedAssertions.assertSameTensors(read(file), model);
    }
  }

  @Test
  void versionTwoFilesWithSparseStorageStillRead() {
    QuantizedModel model =
        Int8Quantizer.quantizePerChannel(
            MagnitudePruner.prune(TestWeights.smallNet(5), 0.8).weights());
    // A version 3 deflate file is a version 2 file plus the compressor byte at offset 9.
    byte[] v3 = write(model);
    byte[] file = new byte[v3.length - 1];
    System.arraycopy(v3, 0, file, 0, 9);
    System.arraycopy(v3, 10, file, 9, v3.length - 10);
    file[4] = 2;

    assertThat(v3[9]).isEqualTo((byte) TensorFileFormat.Compressor.DEFLATE.code());
    QuantizedAssertions.assertSameTensors(read(file), model);
  }

  @Test
  void eightyPercentSparseInt8FileIsAtLeastTwiceSmallerThanTheDenseInt8File() {
    ModelWeights weights = bigNet();
    QuantizedModel dense = Int8Quantizer.quantizePerChannel(weights);
    QuantizedModel sparse =
        Int8Quantizer.quantizePerChannel(MagnitudePruner.prune(weights, 0.8).weights());

    byte[] denseFile = write(dense);
    byte[] sparseFile = write(sparse);
    ByteArrayOutputStream sparseAsDense = new ByteArrayOutputStream();
    QuantizedModelCodec.write(sparse, sparseAsDense, false, TensorFileFormat.Compressor.DEFAULT);

    assertThat((double) denseFile.length / sparseFile.length)
        .as("dense %d bytes, sparse %d bytes", denseFile.length, sparseFile.length)
        .isGreaterThanOrEqualTo(2.0);
    assertThat(sparseFile.length).isLessThan(sparseAsDense.size());
    QuantizedAssertions.assertSameTensors(read(sparseFile), sparse);
  }

  @Test
  void damagedBitmapIsRefusedByTheChecksum() {
    QuantizedModel model =
        Int8Quantizer.quantizePerChannel(
            MagnitudePruner.prune(TestWeights.smallNet(6), 0.8).weights());
    byte[] good = write(model);
    // The same model with one bitmap bit moved, written with its own (now different) CRC32.
    QuantizedTensor w = model.tensors().get(0);
    byte[] codes = w.codes().clone();
    int nonZero = firstIndex(codes, true);
    int zero = firstIndex(codes, false);
    codes[zero] = codes[nonZero];
    codes[nonZero] = 0;
    QuantizedModel moved =
        new QuantizedModel(
            List.of(
                QuantizedTensor.perChannel(w.name(), w.shape(), codes, w.scales()),
                model.tensors().get(1),
                model.tensors().get(2),
                model.tensors().get(3)));
    byte[] damaged = write(moved);
    // Give the damaged payload the good file's trailer: bytes changed, checksum did not.
    System.arraycopy(good, good.length - 12, damaged, damaged.length - 12, 12);
    long stored = crcOf(good);

    assertThatThrownBy(() -> read(damaged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            String.format(
                "Cannot read %s: checksum mismatch, stored CRC32 %08x, computed %08x",
                SOURCE, stored, crcOf(write(moved))));
  }

  @Test
  void bitmapDisagreeingWithItsCountIsRefusedEvenWithAValidChecksum() {
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("fc.weight", new long[] {2, 6}, Storage.INT8_PER_TENSOR_SPARSE);
              p.putFloats(new float[] {0.5f});
              p.putInt(2);
              p.putBytes(new byte[] {0b0000_0111, 0});
              p.putBytes(new byte[] {3, -4});
            });

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read "
                + SOURCE
                + ": bitmap of tensor fc.weight marks 3 non-zero"
                + " values but its count says 2");
  }

  @Test
  void bitmapMarkingPositionsPastTheTensorIsRefused() {
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("w", new long[] {2, 3}, Storage.INT8_PER_TENSOR_SPARSE);
              p.putFloats(new float[] {0.5f});
              p.putInt(1);
              p.putBytes(new byte[] {(byte) 0b1000_0000});
              p.putBytes(new byte[] {3});
            });

    assertThatThrownBy(() -> read(file))
        .hasMessage(
            "Cannot read "
                + SOURCE
                + ": bitmap of tensor w marks positions past its"
                + " 6 values");
  }

  @Test
  void storedZeroCodeAtAMarkedPositionIsRefused() {
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("w", new long[] {1, 4}, Storage.INT8_PER_TENSOR_SPARSE);
              p.putFloats(new float[] {0.5f});
              p.putInt(2);
              p.putBytes(new byte[] {0b0000_1010});
              p.putBytes(new byte[] {5, 0});
            });

    assertThatThrownBy(() -> read(file))
        .hasMessage(
            "Cannot read "
                + SOURCE
                + ": sparse tensor w stores code 0 at index 3, which"
                + " its bitmap marks non-zero");
  }

  @Test
  void sparseStorageInAVersionOneFileIsRefused() {
    // The header is outside the checksum, so only the storage check can catch this file.
    byte[] file = frameVersion1WithSparseCode();

    assertThatThrownBy(() -> read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read "
                + SOURCE
                + ": storage code 4 of tensor w needs format version"
                + " 2, the file is version 1");
  }

  @Test
  void writerRefusesSparseStorageInAVersionOneFile() {
    assertThatThrownBy(
            () ->
                TensorFileFormat.write(
                    new ByteArrayOutputStream(),
                    TensorFileFormat.Kind.INT8,
                    1,
                    p -> p.putTensorHeader("w", new long[] {1, 4}, Storage.INT8_PER_TENSOR_SPARSE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot write tensor w: storage INT8_PER_TENSOR_SPARSE needs format version"
                + " 2, the file is version 1");
  }

  @Test
  void everySingleByteFlipOfASparseFileIsRefusedOrChangesNothing() {
    QuantizedModel model =
        Int8Quantizer.quantizePerChannel(
            MagnitudePruner.prune(TestWeights.smallNet(8), 0.8).weights());
    byte[] file = write(model);

    int refused = 0;
    for (int i = 0; i < file.length; i++) {
      byte[] altered = file.clone();
      altered[i] ^= 0x01;
      Throwable thrown = catchThrowable(() -> read(altered));
      if (thrown == null) {
        // A flip inside deflate's Huffman tables can leave the decoded bytes identical; the
        // checksums then rightly pass, and the model read is the one written.
        QuantizedAssertions.assertSameTensors(read(altered), model);
      } else {
        refused++;
        assertThat(thrown)
            .as("flip at %d of %d", i, file.length)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("Cannot read " + SOURCE);
      }
    }
    assertThat(refused).isGreaterThan(file.length * 9 / 10);
  }

  /** A version 2 file, then its version byte set to 1: the header check passes, storage fails. */
  private static byte[] frameVersion1WithSparseCode() {
    byte[] file =
        frame(
            2,
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("w", new long[] {1, 4}, Storage.INT8_PER_TENSOR_SPARSE);
              p.putFloats(new float[] {0.5f});
              p.putInt(1);
              p.putBytes(new byte[] {0b0000_0010});
              p.putBytes(new byte[] {5});
            });
    file[4] = 1;
    return file;
  }

  private static int firstIndex(byte[] codes, boolean nonZero) {
    for (int i = 0; i < codes.length; i++) {
      if ((codes[i] != 0) == nonZero) {
        return i;
      }
    }
    throw new AssertionError("no such code");
  }

  private static long crcOf(byte[] file) {
    return Integer.toUnsignedLong(
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(file.length - 12));
  }

  private static int versionOf(byte[] file) {
    return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(4);
  }

  @Test
  void aSparseTensorDecodingFarBeyondItsFileIsRefusedBeforeItsCodesAreAllocated() {
    // An all-zero bitmap of 1 MB says 8 M codes, all zero: 8 MB decoded from a 1 KB file.
    int size = 8_000_000;
    byte[] file =
        frame(
            p -> {
              p.putTensorCount(1);
              p.putTensorHeader("w", new long[] {size}, Storage.INT8_PER_TENSOR_SPARSE);
              p.putFloats(new float[] {1f});
              p.putInt(0);
              p.putBytes(new byte[size / 8]);
            });

    Allocations.Outcome<QuantizedModel> o = Allocations.measure(() -> read(file));

    assertThat(o.thrown())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot read "
                + SOURCE
                + ": tensor w brings the decoded tensors to 8000000 bytes, which exceeds 1048576"
                + " bytes (the allowance of every file)");
    // The payload (1 MB) and its bitmap are read; the 8 MB of codes are not.
    assertThat(o.allocatedBytes()).isLessThan(4 * Allocations.MIB);
  }

  private static byte[] frame(TensorFileFormat.Body body) {
    return frame(TensorFileFormat.VERSION, body);
  }

  private static byte[] frame(int version, TensorFileFormat.Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TensorFileFormat.write(out, TensorFileFormat.Kind.INT8, version, body);
    return out.toByteArray();
  }

  private static byte[] write(QuantizedModel model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    QuantizedModelCodec.write(model, out, TensorFileFormat.Compressor.DEFLATE);
    return out.toByteArray();
  }

  private static QuantizedModel read(byte[] file) {
    return QuantizedModelCodec.read(new ByteArrayInputStream(file), SOURCE);
  }
}
