package org.greentrain.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.greentrain.store.Platform;

/**
 * Finds what this JVM runs on ({@link Platform}) without loading the deep-learning engine: CPU
 * model and flags from /proc/cpuinfo, engine and DJL versions from the version files DJL's own jars
 * carry, Java and OS from system properties. Cheap (a few small reads); never throws.
 */
public final class PlatformProbe {

  private static final Path PROC_CPUINFO = Path.of("/proc/cpuinfo");

  /**
   * The flags that choose kernels: ATen's CPU capability (avx2 with fma; avx512 f, bw, vl, dq) and
   * oneDNN's ISA levels (vnni, bf16, fp16, amx). Others do not change what PyTorch computes.
   */
  private static final Set<String> KERNEL_FLAGS =
      Set.of(
          "avx",
          "avx2",
          "fma",
          "f16c",
          "avx512f",
          "avx512bw",
          "avx512vl",
          "avx512dq",
          "avx512_vnni",
          "avx512_bf16",
          "avx512_fp16",
          "avx_vnni");

  // Resources of DJL's jars: the api jar, pytorch-engine, and pytorch-native-<flavor>.
  private static final String DJL_API_PROPERTIES = "ai/djl/engine/api.properties";
  private static final String PYTORCH_ENGINE_PROPERTIES = "pytorch-engine.properties";
  private static final String PYTORCH_NATIVE_PROPERTIES = "native/lib/pytorch.properties";

  private PlatformProbe() {}

  /** This JVM's platform. */
  public static Platform detect() {
    String cpuinfo = readOrNull(PROC_CPUINFO);
    ClassLoader loader = PlatformProbe.class.getClassLoader();
    return new Platform(
        cpuModel(cpuinfo, System.getProperty("os.arch")),
        cpuinfo == null ? null : cpuFlags(cpuinfo),
        engine(
            properties(loader, PYTORCH_ENGINE_PROPERTIES),
            properties(loader, PYTORCH_NATIVE_PROPERTIES)),
        properties(loader, DJL_API_PROPERTIES).getProperty("djl_version"),
        System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"));
  }

  /** The first {@code model name} of a /proc/cpuinfo text, else {@code arch}. */
  static String cpuModel(String cpuinfo, String arch) {
    return field(cpuinfo, "model name").filter(s -> !s.isEmpty()).orElse(arch);
  }

  /**
   * The kernel-selecting flags of the first {@code flags} line of a /proc/cpuinfo text, sorted and
   * space-separated; empty when there is no such line or it has none.
   */
  static String cpuFlags(String cpuinfo) {
    return field(cpuinfo, "flags").stream()
        .flatMap(line -> Arrays.stream(line.split("\\s+")))
        .filter(f -> KERNEL_FLAGS.contains(f) || f.startsWith("amx_"))
        .distinct()
        .sorted()
        .collect(Collectors.joining(" "));
  }

  /**
   * {@code PyTorch <version>} from the pytorch-engine jar's properties, with the native library's
   * build and flavor when its jar is on the classpath; null when neither is.
   */
  static String engine(Properties engine, Properties nativeLibrary) {
    String version = engine.getProperty("pytorch_version");
    String nativeVersion = nativeLibrary.getProperty("version");
    if (nativeVersion == null) {
      return version == null ? null : "PyTorch " + version;
    }
    String pytorch = version != null ? version : nativeVersion.replaceFirst("-.*", "");
    String flavor = nativeLibrary.getProperty("flavor", "");
    return ("PyTorch " + pytorch + " (native " + nativeVersion + " " + flavor).strip() + ")";
  }

  /** The value of the first {@code key : value} line whose key is {@code key}. */
  private static Optional<String> field(String cpuinfo, String key) {
    if (cpuinfo == null) {
      return Optional.empty();
    }
    return cpuinfo
        .lines()
        .filter(l -> l.indexOf(':') > 0 && l.substring(0, l.indexOf(':')).strip().equals(key))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst();
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | UncheckedIOException | SecurityException ignored) {
      // No /proc (macOS, Windows) or not readable: the record says so with nulls.
      return null;
    }
  }

  private static Properties properties(ClassLoader loader, String resource) {
    Properties p = new Properties();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // A jar's unreadable version file leaves that version unknown (null), not the run failed.
      return new Properties();
    }
    return p;
  }
}
