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
 * models/<name>/<version>/}) or a run's {@code runs/<id>/model/}. It names the network ({@code
 * model}: architecture, channels (1 when absent, as in manifests written before RGB), rows, cols,
 * classes, widths, depth, widthMultiplier, factoryClass: see {@link ModelSpec}), so the model is
 * rebuilt without the training config, and every file with its bytes and SHA-256 ({@code files}:
 * name, bytes, sha256).
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
    ModelSpec spec = spec(url, path, root.path("model"));
    List<Entry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      files.add(
          new Entry(
              f.path("name").asText(), f.path("bytes").asLong(-1), f.path("sha256").asText()));
    }
    return new ModelManifest(path, spec, files);
  }

  /**
   * The network the manifest's {@code model} object states. Architecture, rows, cols and classes
   * are required; channels (1), widths (the architecture's), depth (the resnet's default, else 0),
   * widthMultiplier (1) and factoryClass may be absent, as in manifests written before them, but a
   * field present must have its type. batchNorm, if present, must be false: a published network is
   * plain or folded.
   */
  private static ModelSpec spec(String url, String path, JsonNode m) {
    String where = "Cannot load model " + url + ": " + path;
    require(where, m, "architecture", m.path("architecture").isTextual(), "a string", true);
    require(where, m, "rows", m.path("rows").isInt(), "a whole number", true);
    require(where, m, "cols", m.path("cols").isInt(), "a whole number", true);
    require(where, m, "classes", m.path("classes").isInt(), "a whole number", true);
    require(where, m, "channels", m.path("channels").isInt(), "a whole number", false);
    require(where, m, "depth", m.path("depth").isInt(), "a whole number", false);
    require(where, m, "widthMultiplier", m.path("widthMultiplier").isNumber(), "a number", false);
    require(where, m, "factoryClass", m.path("factoryClass").isTextual(), "a string", false);
    require(where, m, "batchNorm", !m.path("batchNorm").asBoolean(true), "false", false);
    boolean intList = m.path("widths").isArray();
    for (JsonNode w : m.path("widths")) {
      intList &= w.isInt();
    }
    require(where, m, "widths", intList, "a list of whole numbers", false);
    String architecture = m.get("architecture").asText();
    List<Integer> widths = null;
    if (m.has("widths") && !m.get("widths").isNull()) {
      widths = new ArrayList<>();
      for (JsonNode w : m.get("widths")) {
        widths.add(w.asInt());
      }
    }
    boolean resnet = architecture.equals("resnet");
    try {
      return new ModelSpec(
          architecture,
          // Manifests written before RGB support have no channels: they were all grey.
          m.path("channels").asInt(1),
          m.get("rows").asInt(),
          m.get("cols").asInt(),
          m.get("classes").asInt(),
          widths,
          false,
          m.path("depth").asInt(resnet ? ModelSpec.DEFAULT_RESNET_DEPTH : 0),
          m.path("widthMultiplier").asDouble(1.0),
          m.path("factoryClass").isTextual() ? m.get("factoryClass").asText() : null);
    } catch (IllegalArgumentException e) {
      // ModelSpec checks the values; that they come from this file makes them the user's error.
      throw new UserError(where + ": " + e.getMessage(), e);
    }
  }

  /**
   * Fails unless field {@code name} of {@code m} is well typed: {@code ok}, or absent if optional.
   */
  private static void require(
      String where, JsonNode m, String name, boolean ok, String expected, boolean required) {
    boolean absent = !m.has(name) || (!required && m.get(name).isNull());
    if (absent ? required : !ok) {
      throw new UserError(
          where
              + ": model."
              + name
              + (absent ? " is missing" : " is " + m.get(name) + ", not " + expected));
    }
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
