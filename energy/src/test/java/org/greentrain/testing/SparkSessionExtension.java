package org.greentrain.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The SparkSession of a test class (see {@link SharedSparkSession}): local, UI off, bound to
 * 127.0.0.1, few shuffle partitions. Only one SparkContext can run in a JVM, so a class that needs
 * sessions of different settings builds them itself with {@link #localBuilder} and stops each.
 */
public final class SparkSessionExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  static final String DEFAULT_MASTER = "local[2]";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SparkSessionExtension.class);

  /**
   * A builder with the settings every test session shares; the caller adds its own and calls {@code
   * getOrCreate()}.
   */
  public static SparkSession.Builder localBuilder(String master, String appName) {
    return SparkSession.builder()
        .master(master)
        .appName(appName)
        .config("spark.ui.enabled", "false")
        // Tests talk only to themselves, whatever the machine's network says.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // The default 200 shuffle partitions are 200 tasks per shuffle on a few test rows.
        .config("spark.sql.shuffle.partitions", "4");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Class<?> testClass = context.getRequiredTestClass();
    String master =
        AnnotationSupport.findAnnotation(testClass, SharedSparkSession.class)
            .map(SharedSparkSession::master)
            .orElse(DEFAULT_MASTER);
    SparkSession spark = localBuilder(master, testClass.getSimpleName()).getOrCreate();
    context.getStore(NAMESPACE).put(SparkSession.class, spark);
    setFields(testClass, spark);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    SparkSession spark = context.getStore(NAMESPACE).remove(SparkSession.class, SparkSession.class);
    try {
      setFields(context.getRequiredTestClass(), null);
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(SparkSession.class, SparkSession.class);
  }

  private static void setFields(Class<?> testClass, SparkSession value)
      throws IllegalAccessException {
    List<Field> fields =
        ReflectionSupport.findFields(
            testClass,
            f ->
                Modifier.isStatic(f.getModifiers())
                    && !Modifier.isFinal(f.getModifiers())
                    && f.getType() == SparkSession.class,
            HierarchyTraversalMode.TOP_DOWN);
    for (Field f : fields) {
      f.setAccessible(true);
      f.set(null, value);
    }
  }
}
