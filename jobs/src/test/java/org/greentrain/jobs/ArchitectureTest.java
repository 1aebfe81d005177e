package org.greentrain.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.Set;
import org.greentrain.config.ConfigLoader;
import org.greentrain.energy.spark.EnergyPlugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the house's shape (ARCHITECTURE.md): dependencies point one way. */
class ArchitectureTest {

  private static JavaClasses all;

  @BeforeAll
  static void importOurClasses() {
    // Import only our three modules' class locations, not the Spark and DJL jars.
    all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(
                Set.of(
                    Location.of(
                        EnergyPlugin.class.getProtectionDomain().getCodeSource().getLocation()),
                    Location.of(
                        ConfigLoader.class.getProtectionDomain().getCodeSource().getLocation()),
                    Location.of(
                        GreenTrain.class.getProtectionDomain().getCodeSource().getLocation())));
  }

  @Test
  void energyDependsOnNothingElseOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("org.greentrain.energy..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.greentrain.config..",
            "org.greentrain.data..",
            "org.greentrain.model..",
            "org.greentrain.train..",
            "org.greentrain.runtime..",
            "org.greentrain.digest..",
            "org.greentrain.error..",
            "org.greentrain.compress..",
            "org.greentrain.infer..",
            "org.greentrain.evaluate..",
            "org.greentrain.publish..",
            "org.greentrain.pipeline..",
            "org.greentrain.store..",
            "org.greentrain.jobs..",
            "org.greentrain.bench..")
        .check(all);
  }

  @Test
  void commonDoesNotDependOnJobs() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.greentrain.jobs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.greentrain.jobs..")
        .check(all);
  }

  @Test
  void configAndStoreDependOnlyOnEnergyDigestAndErrorOfOurs() {
    // Both sit below the stages; digest and error are JDK-only leaves (see
    // leavesDependOnNothingElseOfOurs).
    classes()
        .that()
        .resideInAnyPackage("org.greentrain.config..", "org.greentrain.store..")
        .should()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackages(
            "org.greentrain.data..",
            "org.greentrain.model..",
            "org.greentrain.train..",
            "org.greentrain.runtime..",
            "org.greentrain.compress..",
            "org.greentrain.infer..",
            "org.greentrain.evaluate..",
            "org.greentrain.publish..",
            "org.greentrain.pipeline..",
            "org.greentrain.jobs..",
            "org.greentrain.bench..")
        .check(all);
  }

  @Test
  void stageLogicNeverDependsOnPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.greentrain.jobs..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(all);
  }

  @Test
  void productionCodeNeverDependsOnBenchmarks() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.greentrain.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.greentrain.bench..")
        .check(all);
  }

  @Test
  void whatStagesShareDependsOnNoStage() {
    noClasses()
        .that()
        .resideInAPackage("org.greentrain.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.greentrain.data..",
            "org.greentrain.train..",
            "org.greentrain.compress..",
            "org.greentrain.infer..",
            "org.greentrain.evaluate..",
            "org.greentrain.publish..")
        .check(all);
  }

  @Test
  void evaluationAndCompressionDoNotDependOnTraining() {
    // Fine-tuning a pruned model is training: the compress stage and its fine-tuning run the
    // round coordinator. The compression algorithms and everything of inference stay apart.
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.greentrain.infer..", "org.greentrain.evaluate..", "org.greentrain.compress..")
        .and()
        .haveNameNotMatching("org\\.greentrain\\.compress\\.(CompressStage|FineTuning)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.greentrain.train..")
        .check(all);
  }

  @Test
  void runtimeDependsOnlyOnModelAndEnergyOfOurs() {
    // WeightConstraint works on ModelWeights, so the model package is the one stage-free
    // package the shared runtime pieces may use.
    noClasses()
        .that()
        .resideInAPackage("org.greentrain.runtime..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.greentrain.config..",
            "org.greentrain.data..",
            "org.greentrain.train..",
            "org.greentrain.compress..",
            "org.greentrain.infer..",
            "org.greentrain.store..",
            "org.greentrain.jobs..")
        .check(all);
  }

  @Test
  void leavesDependOnNothingElseOfOurs() {
    // digest and error are leaves: config and store, which may depend only on energy, use them too.
    noClasses()
        .that()
        .resideInAnyPackage("org.greentrain.digest..", "org.greentrain.error..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.greentrain.energy..",
            "org.greentrain.config..",
            "org.greentrain.data..",
            "org.greentrain.model..",
            "org.greentrain.train..",
            "org.greentrain.runtime..",
            "org.greentrain.compress..",
            "org.greentrain.infer..",
            "org.greentrain.evaluate..",
            "org.greentrain.publish..",
            "org.greentrain.pipeline..",
            "org.greentrain.store..",
            "org.greentrain.jobs..",
            "org.greentrain.bench..")
        .check(all);
  }
}
