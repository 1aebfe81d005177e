package org.greentrain.data;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Data loading stays plain Java so it is testable and usable without Spark or DJL on the path. */
class DataPackageDependenciesTest {

  @Test
  void dependsOnNeitherSparkNorDjl() {
    // Importing from this module's own class location avoids scanning the large Spark jars.
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(
                Set.of(
                    Location.of(
                        LabeledImages.class.getProtectionDomain().getCodeSource().getLocation())))
            // org.greentrain.data.spark is the Spark edge of this package; the core stays plain
            // Java.
            .that(JavaClass.Predicates.resideInAPackage("org.greentrain.data"));

    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "ai.djl..", "scala..")
        .check(classes);
  }
}
