package org.greentrain.energy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a small kernel file ({@code /sys}, {@code /proc}) whole. A seam for tests: tests run as
 * root, where file permissions are not enforced, so a fake reader is the only way to see how a
 * meter handles an {@link java.nio.file.AccessDeniedException}.
 */
@FunctionalInterface
interface SysfsReader {

  /** Reads the files of the real file system. */
  SysfsReader FILES = path -> Files.readString(path, StandardCharsets.US_ASCII);

  String read(Path path) throws IOException;
}
