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
import org.greentrain.model.ModelSpec;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.ModelWeightsCodec;

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
   * @throws IllegalArgumentException naming the file if the manifest is missing or lacks the file,
   *     or the file is truncated, altered or not a model file
   * @throws UncheckedIOException if reading fails
   */
  public static VerifiedModel load(String url, Configuration hadoop) {
    ModelManifest manifest = ModelManifest.besides(url, hadoop);
    ModelManifest.Entry entry = manifest.entry(url);
    byte[] bytes = readAll(url, hadoop);
    if (bytes.length != entry.bytes()) {
      throw new IllegalArgumentException(
          "Cannot load model "
              + url
              + ": it has "
              + bytes.length
              + " bytes, its manifest "
              + manifest.path()
              + " says "
              + entry.bytes()
              + " (truncated or replaced)");
    }
    String sha256 = Sha256.hex(bytes);
    if (!sha256.equals(entry.sha256())) {
      throw new IllegalArgumentException(
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
      throw new IllegalArgumentException("Cannot load model " + url + ": " + e.getMessage(), e);
    }
    return new VerifiedModel(url, spec, weights, sha256);
  }

  /** Decodes an fp32 or int8 file, whichever the header's kind byte says. */
  private static ModelWeights decode(byte[] bytes, String url) {
    boolean int8 = bytes.length > 8 && bytes[8] == 2;
    InputStream in = new ByteArrayInputStream(bytes);
    return int8 ? QuantizedModelCodec.read(in, url).dequantize() : ModelWeightsCodec.read(in, url);
  }

  static byte[] readAll(String url, Configuration hadoop) {
    Path path = new Path(URI.create(url));
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("Cannot load model " + url + ": no such file");
      }
      try (InputStream in = fs.open(path)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + url, e);
    }
  }
}
