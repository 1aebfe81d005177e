package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/docker/Dockerfile builds the image deploy/k8s/ runs: same version, Spark and Scala as the
 * build, every /opt/greentrain path the manifests use put there, and the user the pods run as. The
 * image cannot be built here (no network), so this is what keeps the two from drifting apart.
 */
class DockerImageTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile");
  private static final Pattern OPT_GREENTRAIN = Pattern.compile("/opt/greentrain/[A-Za-z0-9._/-]+");

  private static String pomProperty(String name) throws Exception {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(m.find()).as(name + " in pom.xml").isTrue();
    return m.group(1);
  }

  private static String projectVersion() throws Exception {
    Matcher m =
        Pattern.compile("<artifactId>greentrain-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The Dockerfile's instructions as (keyword, rest) pairs, continuation lines joined. */
  private static List<String[]> instructions() throws Exception {
    List<String[]> out = new ArrayList<>();
    String joined = Files.readString(DOCKERFILE).replaceAll("\\\\\\n", " ");
    for (String line : joined.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String[] parts = t.split("\\s+", 2);
      out.add(new String[] {parts[0], parts.length > 1 ? parts[1] : ""});
    }
    return out;
  }

  /** ARG defaults, then ${NAME} in {@code s} replaced by them. */
  private static String expand(String s, Map<String, String> args) {
    for (Map.Entry<String, String> a : args.entrySet()) {
      s = s.replace("${" + a.getKey() + "}", a.getValue());
    }
    return s;
  }

  private static Map<String, String> args() throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (String[] i : instructions()) {
      if (i[0].equals("ARG") && i[1].contains("=")) {
        String[] kv = i[1].split("=", 2);
        args.put(kv[0], kv[1]);
      }
    }
    return args;
  }

  /** Every path the image has under /opt/greentrain: COPY destinations, files of copied dirs. */
  private static Set<String> imagePaths() throws Exception {
    Set<String> paths = new TreeSet<>();
    for (String[] i : instructions()) {
      if (!i[0].equals("COPY")) {
        continue;
      }
      String[] srcDest = expand(i[1], args()).split("\\s+");
      assertThat(srcDest).as("COPY " + i[1]).hasSize(2);
      String src = srcDest[0];
      String dest = srcDest[1];
      Path local = ROOT.resolve(src);
      if (src.endsWith("/")) {
        assertThat(local).as("COPY source " + src).isDirectory();
        try (var files = Files.walk(local)) {
          files
              .filter(Files::isRegularFile)
              .forEach(f -> paths.add(dest + local.relativize(f).toString()));
        }
      } else {
        String name = Path.of(src).getFileName().toString();
        paths.add(dest.endsWith("/") ? dest + name : dest);
      }
    }
    return paths;
  }

  /** Every string in the Kubernetes manifests, at any depth. */
  private static List<String> manifestStrings() throws Exception {
    List<String> out = new ArrayList<>();
    try (var files = Files.list(ROOT.resolve("deploy/k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        new Yaml().loadAll(Files.readString(f)).forEach(doc -> collect(doc, out));
      }
    }
    return out;
  }

  private static void collect(Object node, List<String> out) {
    if (node instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, out));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collect(v, out));
    } else if (node != null) {
      out.add(node.toString());
    }
  }

  @Test
  void theBaseImageIsTheOfficialSparkImageOfOurSparkScalaAndJava() throws Exception {
    String from =
        instructions().stream().filter(i -> i[0].equals("FROM")).findFirst().orElseThrow()[1];
    assertThat(expand(from, args()))
        .isEqualTo(
            "spark:"
                + pomProperty("spark.version")
                + "-scala"
                + pomProperty("scala.binary.version")
                + "-java17-ubuntu");
  }

  @Test
  void theImageCarriesTheJarTheBuildProducesUnderTheNameTheManifestsUse() throws Exception {
    String jar = "greentrain-jobs-" + projectVersion() + ".jar";
    assertThat(args()).containsEntry("GREENTRAIN_VERSION", projectVersion());
    assertThat(imagePaths()).contains("/opt/greentrain/" + jar);
    assertThat(manifestStrings()).anyMatch(s -> s.contains("local:///opt/greentrain/" + jar));
  }

  @Test
  void everyGreenTrainPathTheManifestsUseIsInTheImage() throws Exception {
    Set<String> used = new TreeSet<>();
    for (String s : manifestStrings()) {
      Matcher m = OPT_GREENTRAIN.matcher(s);
      while (m.find()) {
        used.add(m.group());
      }
    }
    assertThat(used)
        .as("paths under /opt/greentrain in deploy/k8s")
        .contains("/opt/greentrain/conf/cluster.conf", "/opt/greentrain/gpu-discovery.sh");
    assertThat(imagePaths()).containsAll(used);
  }

  @Test
  void everyManifestImageIsOurImageAtTheProjectVersion() throws Exception {
    List<String> images = new ArrayList<>();
    try (var files = Files.list(ROOT.resolve("deploy/k8s"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        Matcher m = Pattern.compile("image: *(\\S+)").matcher(Files.readString(f));
        while (m.find()) {
          images.add(m.group(1));
        }
        Matcher conf =
            Pattern.compile("spark\\.kubernetes\\.container\\.image=(\\S+)")
                .matcher(Files.readString(f));
        while (conf.find()) {
          images.add(conf.group(1));
        }
      }
    }
    String tag = "/greentrain:" + projectVersion();
    assertThat(images).isNotEmpty().allMatch(i -> i.endsWith(tag));
  }

  @Test
  void thePodsRunAsTheImagesNonRootUser() throws Exception {
    String user =
        expand(
            instructions().stream()
                .filter(i -> i[0].equals("USER"))
                .reduce((a, b) -> b)
                .orElseThrow()[1],
            args());
    assertThat(Integer.parseInt(user)).as("the image's final USER").isPositive();
    List<Map<?, ?>> podSpecs = new ArrayList<>();
    for (String f : List.of("driver-pod-template.yaml", "executor-pod-template.yaml")) {
      Map<?, ?> doc = new Yaml().load(Files.readString(ROOT.resolve("deploy/k8s/" + f)));
      podSpecs.add((Map<?, ?>) doc.get("spec"));
    }
    Map<?, ?> cron = new Yaml().load(Files.readString(ROOT.resolve("deploy/k8s/cronjob.yaml")));
    podSpecs.add(path(cron, "spec", "jobTemplate", "spec", "template", "spec"));
    for (Map<?, ?> spec : podSpecs) {
      Map<?, ?> security = (Map<?, ?>) spec.get("securityContext");
      assertThat(security).as("securityContext of a pod spec").isNotNull();
      assertThat(security.get("runAsNonRoot")).isEqualTo(true);
      assertThat(String.valueOf(security.get("runAsUser"))).isEqualTo(user);
    }
  }

  @Test
  void theReadmeShowsTheCommandThatBuildsTheImage() throws Exception {
    String command =
        "docker build -f deploy/docker/Dockerfile -t registry.example.org/greentrain:"
            + projectVersion()
            + " .";
    assertThat(Files.readString(DOCKERFILE)).contains(command);
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains(command);
  }

  private static Map<?, ?> path(Map<?, ?> node, String... keys) {
    Object n = node;
    for (String k : keys) {
      n = ((Map<?, ?>) n).get(k);
    }
    return (Map<?, ?>) n;
  }
}
