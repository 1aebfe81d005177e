package org.greentrain.energy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

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
}
