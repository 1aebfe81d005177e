package org.greentrain.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.greentrain.error.UserError;
import org.greentrain.model.ModelSpec;
import org.greentrain.store.ModelRegistry;

/**
 * The {@code manifest.json} of a directory of model files: a published version ({@code
 * models/<name>/<version>/}) or a run's {@code runs/<id>/model/}. It names the architecture ({@code
 * model}: architecture, channels (1 when absent, as in manifests written before RGB), rows, cols,
 * classes) and every file with its bytes and SHA-256 ({@code files}: name, bytes, sha256).
 */
record ModelManifest(String path, ModelSpec spec, List<Entry> files) {

  /** One file as the manifest lists it. */
  record Entry(String name, long bytes, String sha256) {}

  /** The manifest in the directory of the model file {@code url}. */
  static ModelManifest besides(String url, Configuration hadoop) {
    Path model = new Path(URI.create(url));
    String path = new Path(model.getParent(), "manifest.json").toString();
    long length;
    try {
      length = VerifiedModel.length(path, hadoop);
    } catch (UserError e) {
      throw new UserError(
          "Cannot load model "
              + url
              + ": no manifest.json beside"
              + " it ("
              + path
              + ") to verify it against",
          e);
    }
    checkSize(url, path, length);
    byte[] bytes = VerifiedModel.read(path, hadoop, ModelRegistry.MAX_MANIFEST_BYTES);
    // Checked again: the manifest may have grown since its length was read.
    checkSize(url, path, bytes.length);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (IOException e) {
      throw new UserError(
          "Cannot load model " + url + ": " + path + " is not JSON (" + e.getMessage() + ")", e);
    }
    JsonNode m = root.path("model");
    if (!m.path("architecture").isTextual()
        || !(m.path("channels").isMissingNode() || m.path("channels").isInt())
        || !m.path("rows").isInt()
        || !m.path("cols").isInt()
        || !m.path("classes").isInt()) {
      throw new UserError(
          "Cannot load model "
              + url
              + ": "
              + path
              + " has no model.architecture, model.rows, model.cols and model.classes, or a"
              + " model.channels that is not a whole number");
    }
    ModelSpec spec;
    try {
      spec =
          new ModelSpec(
              m.get("architecture").asText(),
              // Manifests written before RGB support have no channels: they were all grey.
              m.path("channels").asInt(1),
              m.get("rows").asInt(),
              m.get("cols").asInt(),
              m.get("classes").asInt());
    } catch (IllegalArgumentException e) {
      // ModelSpec checks the values; that they come from this file makes them the user's error.
      throw new UserError("Cannot load model " + url + ": " + path + ": " + e.getMessage(), e);
    }
    List<Entry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      files.add(
          new Entry(
              f.path("name").asText(), f.path("bytes").asLong(-1), f.path("sha256").asText()));
    }
    return new ModelManifest(path, spec, files);
  }

  /** Refuses a manifest over {@link ModelRegistry#MAX_MANIFEST_BYTES} before it is parsed. */
  private static void checkSize(String url, String path, long bytes) {
    if (bytes > ModelRegistry.MAX_MANIFEST_BYTES) {
      throw new UserError(
          "Cannot load model "
              + url
              + ": its manifest "
              + path
              + " has "
              + bytes
              + " bytes, which exceeds the limit of "
              + ModelRegistry.MAX_MANIFEST_BYTES
              + " bytes");
    }
  }

  /** The entry of the file {@code url}, by its name. */
  Entry entry(String url) {
    String name = new Path(URI.create(url)).getName();
    return files.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new UserError(
                    "Cannot load model "
                        + url
                        + ": its"
                        + " manifest "
                        + path
                        + " does not list "
                        + name
                        + " (a foreign file?)"));
  }
}
