package org.greentrain.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@SharedSparkSession(master = "local[2,2]")
class SparkSessionExtensionTest {

  private static SparkSession spark;
  private static SparkSession seenBeforeAll;

  @BeforeAll
  static void before(SparkSession session) {
    seenBeforeAll = session;
  }

  @Test
  void theFieldAndEveryParameterAreTheOneSessionOfTheClass(SparkSession session) {
    assertThat(spark).isNotNull().isSameAs(session).isSameAs(seenBeforeAll);
    assertThat(spark.sparkContext().isStopped()).isFalse();
  }

  @Test
  void theSessionHasTheSharedTestSettings() {
    assertThat(spark.sparkContext().master()).isEqualTo("local[2,2]");
    assertThat(spark.sparkContext().appName()).isEqualTo("SparkSessionExtensionTest");
    assertThat(spark.conf().get("spark.ui.enabled")).isEqualTo("false");
    assertThat(spark.conf().get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo("4");
  }
}
