package org.greentrain.energy;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Which machine a JVM runs on, as every JVM on that machine names it: the driver and the executors
 * of one host must agree, whatever address Spark gave each of them ({@code localhost}, {@code
 * 127.0.0.1}, a host name). Immutable.
 *
 * @param id the grouping key: {@code machine-id:<id>} from {@code /etc/machine-id}, else {@code
 *     boot-id:<id>} from the kernel's boot id, else {@code host:<canonical host name>}
 * @param name the canonical host name, for people (the tables' {@code host} column)
 */
public record HostIdentity(String id, String name) implements Serializable {

  public static final Path MACHINE_ID = Path.of("/etc/machine-id");
  public static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

  public HostIdentity {
    if (id == null || id.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException("Invalid host identity: id '" + id + "', name " + name);
    }
  }

  /** This machine's identity, from the standard files and the local host name. */
  public static HostIdentity local() {
    return detect(MACHINE_ID, BOOT_ID, HostIdentity::canonicalHostName);
  }

  /** The identity from the first of these sources that has one; reads files only. */
  public static HostIdentity detect(Path machineId, Path bootId, Supplier<String> hostName) {
    String name = hostName.get();
    String machine = firstLine(machineId);
    if (!machine.isEmpty()) {
      return new HostIdentity("machine-id:" + machine, name);
    }
    String boot = firstLine(bootId);
    if (!boot.isEmpty()) {
      return new HostIdentity("boot-id:" + boot, name);
    }
    return new HostIdentity("host:" + name, name);
  }

  /** The fully qualified name of this host, or {@code localhost} where it cannot be resolved. */
  public static String canonicalHostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  private static String firstLine(Path file) {
    if (!Files.isReadable(file)) {
      return "";
    }
    try {
      String text = Files.readString(file).strip();
      int newline = text.indexOf('\n');
      return newline < 0 ? text : text.substring(0, newline).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + file, e);
    }
  }
}
