package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.greentrain.config.ConfigLoader;
import org.greentrain.config.GreenTrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files in deploy/ parse, and each launcher points at our main class and at the jar
 * the build produces, so a renamed class or a version bump cannot leave them behind.
 */
class DeployFilesTest {

  private static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize().resolve("deploy");
  private static final String MAIN_CLASS = GreenTrain.class.getName();

  /** greentrain-jobs-&lt;project version&gt;.jar, the version read from the parent pom. */
  private static String jarName() throws Exception {
    String pom = Files.readString(DEPLOY.resolve("../pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>greentrain-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertThat(m.find()).as("project version in pom.xml").isTrue();
    return "greentrain-jobs-" + m.group(1) + ".jar";
  }

  @Test
  void everyKubernetesYamlParses() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(DEPLOY.resolve("k8s"))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("cronjob.yaml", "driver-pod-template.yaml", "executor-pod-template.yaml");
    for (Path f : files) {
      List<Object> docs = new ArrayList<>();
      new Yaml().loadAll(Files.readString(f)).forEach(docs::add);
      assertThat(docs)
          .as(f.toString())
          .isNotEmpty()
          .allSatisfy(d -> assertThat(d).isInstanceOf(Map.class));
      for (Object d : docs) {
        Map<Object, Object> doc = new java.util.HashMap<>((Map<?, ?>) d);
        assertThat(doc).as(f.toString()).containsKeys("apiVersion", "kind");
      }
    }
  }

  @Test
  void theExecutorTemplateAsksForOneGpuAndTheCronJobForTheDiscoveryScript() throws Exception {
    Map<String, Object> executor = yaml("k8s/executor-pod-template.yaml");
    assertThat(executor.get("kind")).isEqualTo("Pod");
    Map<String, Object> container = first(map(executor, "spec").get("containers"));
    assertThat(map(map(container, "resources"), "limits").get("nvidia.com/gpu")).isEqualTo(1);

    List<String> command = command(yaml("k8s/cronjob.yaml"));
    assertThat(command)
        .contains(
            "spark.executor.resource.gpu.discoveryScript=/opt/greentrain/gpu-discovery.sh",
            "spark.kubernetes.executor.podTemplateFile=/etc/greentrain/executor-pod-template.yaml",
            "spark.kubernetes.driver.podTemplateFile=/etc/greentrain/driver-pod-template.yaml");
    assertThat(DEPLOY.resolve("k8s/gpu-discovery.sh")).isExecutable();
  }

  @Test
  void theCronJobSubmitsOurMainClassAndJar() throws Exception {
    Map<String, Object> cron = yaml("k8s/cronjob.yaml");
    assertThat(cron.get("kind")).isEqualTo("CronJob");
    assertThat(map(cron, "spec").get("schedule")).isEqualTo("30 1 * * *");
    List<String> command = command(cron);

    assertThat(command.get(command.indexOf("--class") + 1)).isEqualTo(MAIN_CLASS);
    assertThat(command).contains("local:///opt/greentrain/" + jarName());
    assertThat(command.get(command.indexOf("local:///opt/greentrain/" + jarName()) + 1))
        .isEqualTo("run");
  }

  @Test
  void theAirflowDagAndTheSystemdAndCronExamplesNameTheMainClassAndJar() throws Exception {
    String dag = Files.readString(DEPLOY.resolve("airflow/greentrain_nightly.py"));
    assertThat(dag)
        .contains("SparkSubmitOperator(", "application=GREENTRAIN_JAR", "java_class=MAIN_CLASS")
        .contains("MAIN_CLASS = \"" + MAIN_CLASS + "\"")
        .contains("GREENTRAIN_JAR = \"/opt/greentrain/" + jarName() + "\"");
    for (String f :
        List.of("systemd/greentrain-nightly.service", "systemd/greentrain-nightly.cron")) {
      assertThat(Files.readString(DEPLOY.resolve(f)))
          .as(f)
          .contains("--class " + MAIN_CLASS, "/opt/greentrain/" + jarName() + " run");
    }
    assertThat(Files.readString(DEPLOY.resolve("systemd/greentrain-nightly.timer")))
        .contains("OnCalendar=*-*-* 01:30:00");
  }

  @Test
  void everyNightlyWrapperWaitsForTheLowCarbonStartBeforeTheRun() throws Exception {
    String cron = Files.readString(DEPLOY.resolve("systemd/greentrain-nightly.cron"));
    assertThat(cron.indexOf(jarName() + " schedule --wait --window"))
        .isPositive()
        .isLessThan(cron.indexOf(jarName() + " run"));
    // systemd joins backslash-continued lines; '-' means a failing scheduler does not stop the run.
    String service =
        Files.readString(DEPLOY.resolve("systemd/greentrain-nightly.service"))
            .replaceAll("\\s*\\\\\n\\s*", " ");
    assertThat(service)
        .containsPattern(
            "(?m)^ExecStartPre=-/opt/spark/bin/spark-submit .*--class "
                + MAIN_CLASS
                + " /opt/greentrain/"
                + jarName()
                + " schedule --wait ");
    String dag = Files.readString(DEPLOY.resolve("airflow/greentrain_nightly.py"));
    assertThat(dag)
        .contains(
            "\"schedule\", \"--wait\"",
            "trigger_rule=\"all_done\"",
            "wait_for_low_carbon_start >> greentrain_run");

    Map<String, Object> pod =
        map(map(map(map(yaml("k8s/cronjob.yaml"), "spec"), "jobTemplate"), "spec"), "template");
    @SuppressWarnings("unchecked")
    List<String> init = (List<String>) first(map(pod, "spec").get("initContainers")).get("command");
    assertThat(String.join(" ", init))
        .contains("--class " + MAIN_CLASS, "/opt/greentrain/" + jarName() + " schedule --wait");
  }

  @Test
  @Timeout(60)
  void submitNightlyWaitsForTheScheduleThenSubmitsTheRunEvenIfTheSchedulerFails(@TempDir Path dir)
      throws Exception {
    // A fake java records each command line; it fails for `schedule` when told to.
    Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
    Path calls = dir.resolve("calls.log");
    Path java =
        Files.writeString(
            jdk.resolve("java"),
            "#!/usr/bin/env bash\necho \"$*\" >> "
                + calls
                + "\n"
                + "case \"$*\" in *' schedule '*) exit \"${FAKE_SCHEDULE_EXIT:-0}\";; esac\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Path jar = Files.writeString(dir.resolve("app.jar"), "");

    for (String scheduleExit : List.of("0", "3")) {
      Files.deleteIfExists(calls);
      ProcessBuilder pb =
          new ProcessBuilder(
              "bash",
              DEPLOY.resolve("cluster/submit-nightly.sh").toString(),
              "--conf",
              "train.model=mlp");
      pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
      pb.environment().put("GREENTRAIN_JAR", jar.toString());
      pb.environment().put("GREENTRAIN_WINDOW", "00:00-06:00");
      pb.environment().put("GREENTRAIN_FORECAST", "/var/lib/forecast.csv");
      pb.environment().put("FAKE_SCHEDULE_EXIT", scheduleExit);
      Path err = dir.resolve("err.log");
      Process p = pb.redirectErrorStream(false).redirectError(err.toFile()).start();
      assertThat(p.waitFor(50, TimeUnit.SECONDS)).isTrue();

      assertThat(p.exitValue()).as(Files.readString(err)).isZero();
      List<String> lines = Files.readAllLines(calls);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0))
          .contains(
              "--master local[1]",
              jar + " schedule --wait --window 00:00-06:00" + " --forecast /var/lib/forecast.csv");
      assertThat(lines.get(1))
          .contains("--master spark://127.0.0.1:7077", jar + " run", "--conf train.model=mlp")
          .as("the nightly recipe by default, on its own data")
          .contains("run --config " + DEPLOY.resolve("../conf/full-data.conf").normalize())
          .doesNotContain("data.source=");
      if (scheduleExit.equals("3")) {
        assertThat(Files.readString(err))
            .contains("submit-nightly: warning: greentrain schedule failed (exit 3); starting now");
      }
    }
  }

  @Test
  void theClusterConfigOfTheNightlyWrappersIsTheFullDataRecipe() throws Exception {
    Path conf = DEPLOY.resolve("../conf").normalize();
    Config recipe = ConfigFactory.parseFile(conf.resolve("full-data.conf").toFile());
    GreenTrainConfig cluster = ConfigLoader.load(conf.resolve("cluster.conf"), Map.of());
    GreenTrainConfig full = ConfigLoader.load(conf.resolve("full-data.conf"), Map.of());
    assertThat(recipe.entrySet()).as("keys the recipe sets").hasSizeGreaterThan(5);
    assertThat(cluster.train()).isEqualTo(full.train());
    assertThat(cluster.augment()).isEqualTo(full.augment());
    assertThat(cluster.data()).isEqualTo(full.data());
    assertThat(cluster.data().source()).isEqualTo("/usr/share/datasets/fashion-mnist");
    for (String wrapper :
        List.of(
            "k8s/cronjob.yaml",
            "systemd/greentrain-nightly.service",
            "systemd/greentrain-nightly.cron",
            "airflow/greentrain_nightly.py")) {
      assertThat(Files.readString(DEPLOY.resolve(wrapper)))
          .as(wrapper)
          .contains("/opt/greentrain/conf/cluster.conf");
    }
  }

  @Test
  @Timeout(60)
  void theAirflowDagCompilesWherePythonIsInstalled(@TempDir Path dir) throws Exception {
    Path python =
        Stream.of("/usr/bin/python3", "/usr/local/bin/python3")
            .map(Path::of)
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(python != null, "python3 is not installed");
    Path dag =
        Files.copy(
            DEPLOY.resolve("airflow/greentrain_nightly.py"), dir.resolve("greentrain_nightly.py"));
    Path log = dir.resolve("py_compile.log");
    Process p =
        new ProcessBuilder(python.toString(), "-m", "py_compile", dag.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      assertThat(p.waitFor(50, TimeUnit.SECONDS)).as("py_compile finished").isTrue();
      assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  private static Map<String, Object> yaml(String file) throws Exception {
    return new Yaml().load(Files.readString(DEPLOY.resolve(file)));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    assertThat(m).containsKey(key);
    return (Map<String, Object>) m.get(key);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(Object list) {
    assertThat(list).isInstanceOf(List.class);
    return (Map<String, Object>) ((List<Object>) list).get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<String> command(Map<String, Object> cron) {
    Map<String, Object> pod = map(map(map(map(cron, "spec"), "jobTemplate"), "spec"), "template");
    return (List<String>) first(map(pod, "spec").get("containers")).get("command");
  }
}
