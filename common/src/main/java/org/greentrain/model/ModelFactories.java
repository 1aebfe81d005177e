package org.greentrain.model;

import ai.djl.nn.Block;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.greentrain.error.UserError;

/** Builds the block of a {@code class:} network through the user's {@link ModelFactory}. */
final class ModelFactories {

  private static final String KEY = "train.model";

  private ModelFactories() {}

  /**
   * The block the spec's factory builds.
   *
   * @throws UserError naming {@code train.model} and the class if it cannot be loaded, is not a
   *     {@link ModelFactory}, has no public no-argument constructor, or its build fails
   */
  static Block build(ModelSpec spec) {
    ModelFactory factory = instantiate(spec.factoryClass());
    Block block;
    try {
      block = factory.build(spec.channels(), spec.rows(), spec.cols(), spec.classes());
    } catch (RuntimeException | LinkageError e) {
      throw error(spec.factoryClass(), "its build(...) failed: " + e, e);
    }
    if (block == null) {
      throw error(spec.factoryClass(), "its build(...) returned null", null);
    }
    return block;
  }

  private static ModelFactory instantiate(String name) {
    Class<?> type;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      type =
          Class.forName(
              name, true, loader != null ? loader : ModelFactories.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw error(name, "class not found (is its jar on the classpath, e.g. --jars?)", e);
    }
    if (!ModelFactory.class.isAssignableFrom(type)) {
      throw error(name, "it does not implement " + ModelFactory.class.getName(), null);
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw error(name, "it has no public no-argument constructor", e);
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw error(name, "it is abstract", null);
    }
    try {
      return (ModelFactory) constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw error(name, "its constructor failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw error(name, "it cannot be instantiated: " + e, e);
    }
  }

  private static UserError error(String name, String why, Throwable cause) {
    return new UserError("Invalid " + KEY + ": class:" + name + ": " + why, cause);
  }
}
