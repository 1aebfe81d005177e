package org.greentrain.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One local SparkSession shared by the tests of the annotated class, started before the first and
 * stopped after the last; see {@link SparkSessionExtension}. The class's static {@code
 * SparkSession} fields are set to it, and {@code SparkSession} parameters (also of
 * {@code @BeforeAll} methods) resolve to it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SparkSessionExtension.class)
public @interface SharedSparkSession {

  /**
   * The master. {@code local[2]}: two task threads; {@code local[2,2]} also lets a task fail once
   * and be retried, for tests that inject a failure.
   */
  String master() default SparkSessionExtension.DEFAULT_MASTER;
}
