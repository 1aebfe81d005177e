package org.greentrain.infer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.greentrain.compress.QuantizedModelCodec;
import org.greentrain.digest.Sha256;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;
import org.greentrain.model.TensorFileFormat;

/**
 * A model file read and checked against the {@code manifest.json} beside it: its byte count and
 * SHA-256 match the manifest's entry, its content is an intact GreenTrain model file, and its
 * tensors fit the manifest's architecture. Int8 files are dequantized to fp32, which is what the
 * engine runs.
 *
 * @param url the model file as given
 * @param spec the architecture, with the hidden widths the file's tensors have
 * @param weights fp32 weights, ready for {@link BatchClassifier}
 * @param sha256 hex SHA-256 of the file
 */
public record VerifiedModel(String url, ModelSpec spec, ModelWeights weights, String sha256)
    implements Serializable {

  /**
   * Reads and verifies the model file at {@code url} (any Hadoop file system URI or a local path).
   *
   * @throws UserError naming the file if the manifest is missing or lacks the file, or the file is
   *     truncated, altered or not a model file
   * @throws UncheckedIOException if reading fails
   */
  public static VerifiedModel load(String url, Configuration hadoop) {
    ModelManifest manifest = ModelManifest.besides(url, hadoop);
    ModelManifest.Entry entry = manifest.entry(url);
    // The length is compared before the file is read: a file grown huge costs nothing.
    long length = length(url, hadoop);
    if (length > TensorFileFormat.MAX_FILE_BYTES) {
      throw new UserError(
          "Cannot load model "
              + url
              + ": it has "
              + length
              + " bytes, which exceeds the limit of "
              + TensorFileFormat.MAX_FILE_BYTES
              + " bytes for a model file");
    }
    checkLength(url, length, manifest, entry);
    byte[] bytes = read(url, hadoop, entry.bytes());
    checkLength(url, bytes.length, manifest, entry);
    String sha256 = Sha256.hex(bytes);
    if (!sha256.equals(entry.sha256())) {
      throw new UserError(
          "Cannot load model "
              + url
              + ": SHA-256 "
              + sha256
              + " differs from "
              + entry.sha256()
              + " in its manifest "
              + manifest.path()
              + " (altered)");
    }
    ModelWeights weights = decode(bytes, url);
    ModelSpec spec;
    try {
      spec = manifest.spec().withWidthsOf(weights);
    } catch (IllegalArgumentException e) {
      throw new UserError("Cannot load model " + url + ": " + e.getMessage(), e);
    }
    return new VerifiedModel(url, spec, weights, sha256);
  }

  private static void checkLength(
      String url, long length, ModelManifest manifest, ModelManifest.Entry entry) {
    if (length != entry.bytes()) {
      throw new UserError(
          "Cannot load model "
              + url
              + ": it has "
              + length
              + " bytes, its manifest "
              + manifest.path()
              + " says "
              + entry.bytes()
              + " (truncated or replaced)");
    }
  }

  /** Decodes an fp32 or int8 file, whichever the header's kind byte says. */
  private static ModelWeights decode(byte[] bytes, String url) {
    boolean int8 = bytes.length > 8 && bytes[8] == 2;
    InputStream in = new ByteArrayInputStream(bytes);
    return int8 ? QuantizedModelCodec.read(in, url).dequantize() : ModelWeightsCodec.read(in, url);
  }

  /**
   * The length of the file at {@code url}.
   *
   * @throws UserError if there is no such file
   */
  static long length(String url, Configuration hadoop) {
    Path path = new Path(URI.create(url));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new UserError("Cannot load model " + url + ": no such file");
      }
      return fs.getFileStatus(path).getLen();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + url, e);
    }
  }

  /**
   * The bytes of the file at {@code url}, of which at most {@code expectedBytes + 1} are read: one
   * more than expected shows a file that grew after its length was checked.
   */
  static byte[] read(String url, Configuration hadoop, long expectedBytes) {
    Path path = new Path(URI.create(url));
    try (InputStream in = path.getFileSystem(hadoop).open(path)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, expectedBytes + 1));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + url, e);
    }
  }
}
