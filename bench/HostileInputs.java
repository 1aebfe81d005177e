import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.config.DataConfig;
import org.greentrain.config.OptimizeConfig;
import org.greentrain.data.IdxReader;
import org.greentrain.data.ImageDecoder;
import org.greentrain.data.spark.ImageFolderSource;
import org.greentrain.infer.VerifiedModel;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.Storage;
import org.greentrain.model.TensorFileFormat;

/**
 * What rejecting each hostile input costs in memory, after a clean run of the same readers:
 * bytes the rejecting thread allocated (ThreadMXBean) and the heap's peak over the clean baseline.
 * Run by bench/hostile-inputs (docs/data.md, docs/compression.md); uses only APIs that main had
 * before the bounds, so it can measure both.
 */
public class HostileInputs {

  record Case(String name, long fileBytes, Callable<Object> reject) {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("hostile-inputs");
    Configuration hadoop = new Configuration();
    List<Case> cases = cases(dir, hadoop);
    cleanRun(dir, hadoop);
    long baseline = usedAfterGc();
    System.out.printf("clean baseline: %.1f MB heap used after GC, max heap %.0f MB%n",
        baseline / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
    System.out.printf("| %-44s | %12s | %14s | %14s | %7s | %s%n",
        "hostile input", "file bytes", "allocated MB", "peak-base MB", "ms", "outcome");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (Case c : cases) {
      usedAfterGc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      long before = threads.getThreadAllocatedBytes(id);
      long t0 = System.nanoTime();
      String outcome;
      try {
        Object value = c.reject().call();
        outcome = value instanceof String text ? text : "ACCEPTED " + value.getClass().getSimpleName();
      } catch (Throwable t) {
        outcome = t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      System.out.printf("| %-44s | %12d | %14.1f | %14.1f | %7d | %s%n", c.name(), c.fileBytes(),
          allocated / 1e6, (peakHeap() - baseline) / 1e6, ms, shorten(outcome.replace(dir + "/", "")));
    }
  }

  static List<Case> cases(Path dir, Configuration hadoop) throws Exception {
    List<Case> cases = new ArrayList<>();
    ImageDecoder resizing = new ImageDecoder(28, 28, true);
    byte[] png = withPngSize(encode(28, 28, "png"), 40_000, 40_000);
    cases.add(new Case("PNG declaring 40000x40000 (data.resize on)", png.length,
        () -> outcome(resizing.decode(png))));
    byte[] jpeg = withJpegSize(encode(28, 28, "jpeg"), 60_000, 60_000);
    cases.add(new Case("JPEG declaring 60000x60000 (data.resize on)", jpeg.length,
        () -> outcome(resizing.decode(jpeg))));
    Path folder = dir.resolve("folder");
    write(folder.resolve("train/a/ok.png"), encode(28, 28, "png"));
    write(folder.resolve("train/b/big.png"), Arrays.copyOf(encode(28, 28, "png"), (16 << 20) + 1));
    DataConfig data = new DataConfig(folder.toString(), 2, 28, 28, "image-folder", List.of(), true,
        "label", "image", 1.0, OptimizeConfig.OFF);
    cases.add(new Case("image folder with a 16 MiB + 1 PNG", (16 << 20) + 1,
        () -> "rejects: " + ImageFolderSource.read(hadoop, data, "train").rejects()));

    Path labels = write(dir.resolve("labels"), idx(0x801, new int[] {200_000}, new byte[100]));
    Path raw = write(dir.resolve("images"), idx(0x803, new int[] {200_000, 28, 28}, new byte[100]));
    cases.add(new Case("IDX declaring 200000 28x28 images in 116 bytes", Files.size(raw),
        () -> IdxReader.read(raw, labels, 10)));
    Path gz = write(dir.resolve("images.gz"), gzip(Files.readAllBytes(raw)));
    cases.add(new Case("IDX .gz declaring 200000 28x28 images", Files.size(gz),
        () -> IdxReader.read(gz, labels, 10)));
    int max = Integer.MAX_VALUE;
    Path wraps = write(dir.resolve("wraps"), idx(0x803, new int[] {max, max, 4}, new byte[4]));
    Path wrapsLabels = write(dir.resolve("wraps-labels"), idx(0x801, new int[] {max}, new byte[4]));
    cases.add(new Case("IDX count x rows x cols overflowing a long", Files.size(wraps),
        () -> IdxReader.read(wraps, wrapsLabels, 10)));

    for (int mib : new int[] {64, 1000}) {
      byte[] bomb = zeros(TensorFileFormat.Compressor.DEFLATE, mib << 18);
      cases.add(new Case("deflate .gtm, " + mib + " MiB of zero weights", bomb.length,
          () -> ModelWeightsCodec.read(new ByteArrayInputStream(bomb), "bomb.gtm")));
    }
    byte[] lying = zeros(TensorFileFormat.Compressor.DEFLATE, 64 << 18);
    ByteBuffer.wrap(lying).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(lying.length - 8, 4);
    cases.add(new Case("deflate .gtm, 64 MiB, trailer says 4 bytes", lying.length,
        () -> ModelWeightsCodec.read(new ByteArrayInputStream(lying), "lying.gtm")));
    byte[] zstd = zeros(TensorFileFormat.Compressor.ZSTD, 256 << 18);
    cases.add(new Case("zstd .gtm, 256 MiB of zero weights", zstd.length,
        () -> ModelWeightsCodec.read(new ByteArrayInputStream(zstd), "bomb-zstd.gtm")));
    for (int codes : new int[] {8_000_000, 64_000_000}) {
      byte[] sparse = sparseZeros(codes);
      cases.add(new Case("int8 .gtm, sparse tensor of " + codes / 1_000_000 + " M zero codes",
          sparse.length,
          () -> QuantizedModelCodec.read(new ByteArrayInputStream(sparse), "sparse.gtm")));
    }

    Path manifestDir = Files.createDirectories(dir.resolve("manifest"));
    Path small = write(manifestDir.resolve("model-fp32.gtm"), new byte[100]);
    manifest(manifestDir, 100, "x".repeat(16 << 20));
    cases.add(new Case("manifest.json of 16 MiB", Files.size(manifestDir.resolve("manifest.json")),
        () -> VerifiedModel.load(small.toUri().toString(), hadoop)));
    Path hugeDir = Files.createDirectories(dir.resolve("huge"));
    Path huge = hugeDir.resolve("model-fp32.gtm");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(2L << 30); // sparse: no disk blocks
    }
    manifest(hugeDir, 2L << 30, "");
    cases.add(new Case("2 GiB model file, manifest agrees", 2L << 30,
        () -> VerifiedModel.load(huge.toUri().toString(), hadoop)));
    return cases;
  }

  /** The same readers on clean inputs, so class loading and caches are in the baseline. */
  static void cleanRun(Path dir, Configuration hadoop) throws Exception {
    ImageDecoder decoder = new ImageDecoder(28, 28, true);
    byte[] png = encode(28, 28, "png");
    byte[] jpeg = encode(28, 28, "jpeg");
    for (int i = 0; i < 1000; i++) {
      decoder.decode(png);
      decoder.decode(jpeg);
    }
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Path images = write(clean.resolve("images"), idx(0x803, new int[] {1000, 28, 28}, new byte[784_000]));
    Path labels = write(clean.resolve("labels"), idx(0x801, new int[] {1000}, new byte[1000]));
    IdxReader.read(images, labels, 10);
    byte[] model = zeros(TensorFileFormat.Compressor.DEFLATE, 1000);
    ModelWeightsCodec.read(new ByteArrayInputStream(model), "clean.gtm");
    byte[] zstd = zeros(TensorFileFormat.Compressor.ZSTD, 1000);
    ModelWeightsCodec.read(new ByteArrayInputStream(zstd), "clean-zstd.gtm");
    Path m = write(clean.resolve("model-fp32.gtm"), model);
    manifest(clean, model.length, "");
    try {
      VerifiedModel.load(m.toUri().toString(), hadoop);
    } catch (IllegalArgumentException expected) {
      // The manifest's hash is a placeholder: only the loading machinery is warmed up.
    }
  }

  static byte[] zeros(TensorFileFormat.Compressor compressor, int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TensorFileFormat.write(out, TensorFileFormat.Kind.FP32, compressor, p -> {
      p.putTensorCount(1);
      p.putTensorHeader("w", new long[] {count}, Storage.FP32);
      float[] chunk = new float[1 << 16];
      for (int done = 0; done < count; done += chunk.length) {
        p.putFloats(chunk.length <= count - done ? chunk : new float[count - done]);
      }
    });
    return out.toByteArray();
  }

  static byte[] sparseZeros(int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TensorFileFormat.write(out, TensorFileFormat.Kind.INT8, p -> {
      p.putTensorCount(1);
      p.putTensorHeader("w", new long[] {size}, Storage.INT8_PER_TENSOR_SPARSE);
      p.putFloats(new float[] {1f});
      p.putInt(0);
      byte[] chunk = new byte[1 << 16];
      for (int done = 0; done < size / 8; done += chunk.length) {
        p.putBytes(chunk.length <= size / 8 - done ? chunk : new byte[size / 8 - done]);
      }
    });
    return out.toByteArray();
  }

  static void manifest(Path dir, long bytes, String padding) throws Exception {
    Files.writeString(dir.resolve("manifest.json"), "{\"model\": {\"architecture\": \"mlp\", \"rows\": 28,"
        + " \"cols\": 28, \"classes\": 4}, \"files\": [{\"name\": \"model-fp32.gtm\", \"bytes\": " + bytes
        + ", \"sha256\": \"00\"}], \"padding\": \"" + padding + "\"}");
  }

  static byte[] encode(int rows, int cols, String format) throws Exception {
    BufferedImage img = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  static byte[] withPngSize(byte[] png, int width, int height) {
    byte[] out = png.clone();
    ByteBuffer.wrap(out).putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(out, 12, 17);
    ByteBuffer.wrap(out).putInt(29, (int) crc.getValue());
    return out;
  }

  static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 8 < out.length; i++) {
      if ((out[i] & 0xff) == 0xff && (out[i + 1] & 0xff) == 0xc0) {
        ByteBuffer.wrap(out).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
        return out;
      }
    }
    throw new IllegalStateException("no SOF0");
  }

  static byte[] idx(int magic, int[] header, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * header.length + payload.length).putInt(magic);
    for (int h : header) {
      b.putInt(h);
    }
    return b.put(payload).array();
  }

  static byte[] gzip(byte[] raw) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] bytes) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  static long usedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Sum of the heap pools' peaks since the reset: an upper bound of the heap's peak. */
  static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  static String outcome(org.greentrain.data.DecodedImage image) {
    return image.isRejected() ? "rejected: " + image.rejectReason() : "ACCEPTED: decoded";
  }

  static String shorten(String s) {
    return s.length() > 150 ? s.substring(0, 150) + "..." : s;
  }
}
