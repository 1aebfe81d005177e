package org.greentrain.energy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The energy package must attach to any Spark job as a plugin, so it may use the JDK and itself
 * only: no other GreenTrain package, no Spark, no DJL.
 */
class EnergyPackageDependenciesTest {

  @Test
  void energyDependsOnTheJdkOnly() {
    // Reading the module's own output, not the classpath, keeps this fast: Spark's jars are large.
    JavaClasses main = new ClassFileImporter().importPath(Path.of("target/classes"));

    classes()
        .that()
        .resideInAPackage("org.greentrain.energy")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "org.greentrain.energy")
        .check(main);
  }

  @Test
  void thePluginWritesParquetWithoutParquetMr() {
    // Its own writer (org.greentrain.energy.table): parquet-mr's classes cost the stopping
    // application some 1,700 class loads (issue 17), and an application may not have them.
    JavaClasses main = new ClassFileImporter().importPath(Path.of("target/classes"));

    noClasses()
        .that()
        .resideInAPackage("org.greentrain.energy..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.parquet..")
        .check(main);
  }
}
