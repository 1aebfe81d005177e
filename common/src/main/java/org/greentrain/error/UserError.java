package org.greentrain.error;

import java.util.function.Supplier;

/**
 * Bad input that the user must fix: a config key or value, input data, a missing earlier stage, a
 * hostile or corrupt file. The command line prints its message as one line and exits 2; any other
 * exception, a library's {@link IllegalArgumentException} included, is a bug shown with its stack
 * trace.
 *
 * <p>It extends {@link IllegalArgumentException}, so code and tests that expect an illegal argument
 * keep working. It is serializable like every exception, so Spark brings one thrown in a task back
 * to the driver as the cause of its {@code SparkException}.
 */
public class UserError extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Calls {@code call}, whose arguments are all the user's (a file, a value) and which reports bad
   * ones as {@link IllegalArgumentException}: such an exception becomes a user error with the same
   * message. For code that cannot throw this type itself, such as the energy plugin, which depends
   * on nothing else of ours.
   */
  public static <T> T fromInput(Supplier<T> call) {
    try {
      return call.get();
    } catch (UserError e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
