package org.greentrain.infer;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Loads a verified model once per executor JVM: the loader itself is a small serializable value
 * (URL and engine) that travels in task closures; the model it loads stays in a JVM-wide cache
 * keyed by URL and the file's SHA-256 in its manifest, so every task of every job on that executor
 * reuses it, and a file replaced under the same URL (with its manifest) is loaded anew.
 *
 * <p>Thread-safe: concurrent tasks asking for the same model wait for one load.
 */
public final class ModelLoader implements Serializable {

  /** The only engine this build carries. */
  public static final String ENGINE = "PyTorch";

  private static final Map<String, VerifiedModel> CACHE = new ConcurrentHashMap<>();

  private final String url;

  /**
   * @param url a model file with a {@code manifest.json} beside it
   * @param engine must be {@link #ENGINE}
   * @throws IllegalArgumentException for another engine or an empty URL
   */
  public ModelLoader(String url, String engine) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("Invalid modelUrl: it is not set");
    }
    if (!ENGINE.equals(engine)) {
      throw new IllegalArgumentException(
          "Invalid engine: " + engine + " (this build runs " + ENGINE + ")");
    }
    this.url = url;
  }

  public String url() {
    return url;
  }

  /** The verified model, from this JVM's cache when it holds the manifest's current file. */
  public VerifiedModel load() {
    Configuration hadoop = new Configuration();
    String sha256 = ModelManifest.besides(url, hadoop).entry(url).sha256();
    return CACHE.computeIfAbsent(url + "@" + sha256, key -> VerifiedModel.load(url, hadoop));
  }

  /** Models this JVM holds; for tests and diagnostics. */
  static int cachedModels() {
    return CACHE.size();
  }
}
