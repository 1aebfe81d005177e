package org.greentrain.energy;

import java.util.regex.Pattern;

/**
 * Names that become one segment of a path: run ids, model names, stage labels, table names. A safe
 * segment is 1 to {@value #MAX_LENGTH} letters, digits, {@code .}, {@code _} or {@code -}, and is
 * not {@code .} or {@code ..}, so it can neither climb out of its directory nor name it. Names are
 * checked where they enter (CLI, config, Spark conf, local property) and again where a path is
 * built from them.
 */
public final class PathSegments {

  /** The longest safe segment; file systems allow 255 bytes, and our file names add suffixes. */
  public static final int MAX_LENGTH = 128;

  static final String RULE =
      "letters, digits, '.', '_' and '-' only; not '.' or '..'; 1 to " + MAX_LENGTH + " characters";

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  /** Longest part of a rejected value a message repeats. */
  private static final int SHOWN = 80;

  private PathSegments() {}

  public static boolean isSafe(String name) {
    return name != null && SAFE.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  /**
   * Returns {@code name} if it is a safe segment.
   *
   * @param what the name's role in the message, e.g. {@code run id} or {@code publish.model-name}
   * @throws IllegalArgumentException naming {@code what} and the value, otherwise
   */
  public static String check(String what, String name) {
    if (!isSafe(name)) {
      throw new IllegalArgumentException(
          "Invalid " + what + ": " + shown(name) + " (" + RULE + ")");
    }
    return name;
  }

  /**
   * The value as a message may print it: quoted, control characters escaped, long values cut, so a
   * hostile name cannot break the one-line error or flood the terminal.
   */
  static String shown(String name) {
    if (name == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    int end = Math.min(name.length(), SHOWN);
    for (int i = 0; i < end; i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (name.length() > SHOWN) {
      out.append("… (").append(name.length()).append(" characters)");
    }
    return out.toString();
  }
}
