package org.greentrain.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps a second process from running the same run id at the same time: {@code runs/<id>/.lock},
 * created with {@code overwrite = false} (atomic on HDFS and local file systems), names its owner.
 * {@link #close()} removes it if it is still ours. A lock is taken over with a warning when it was
 * left by a crashed run: at once when its owner ran on this host and that process is gone (same pid
 * and process start time), and after the timeout when it ran on another host, whose processes we
 * cannot see.
 *
 * <p>Caveats: two processes that find the same stale lock at the same moment can both take it over;
 * the window is milliseconds. Hosts are told apart by name, so two machines (or containers) with
 * one host name must not share a warehouse.
 */
public final class RunLock implements AutoCloseable {

  /**
   * Who holds a lock.
   *
   * @param startedAt ISO-8601 instant the lock was taken
   * @param token distinguishes two holders on the same host and pid (a takeover after a restart)
   * @param processStartedAt ISO-8601 start of the owning process, so that a pid reused by another
   *     process is not mistaken for the owner; null when unknown (locks of older versions)
   */
  public record Owner(
      String host, long pid, String startedAt, String token, String processStartedAt) {

    public Owner(String host, long pid, String startedAt, String token) {
      this(host, pid, startedAt, token, null);
    }

    /** This process, now. */
    public static Owner current(Clock clock) {
      ProcessHandle self = ProcessHandle.current();
      return new Owner(
          hostName(),
          self.pid(),
          clock.instant().toString(),
          UUID.randomUUID().toString(),
          processStart(self));
    }

    /** True if this owner ran on this host and its process is no longer running. */
    boolean isGoneFromThisHost() {
      if (!host.equals(hostName()) || pid <= 0) {
        return false;
      }
      return ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(p -> processStartedAt == null || processStartedAt.equals(processStart(p)))
          .isEmpty();
    }

    String describe() {
      return host + " pid " + pid + " since " + startedAt;
    }
  }

  /** Refusal to start a run whose lock another live process holds. */
  public static final class HeldException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  private final WarehouseFiles files;
  private final Path path;
  private final Owner owner;

  private RunLock(WarehouseFiles files, Path path, Owner owner) {
    this.files = files;
    this.path = path;
    this.owner = owner;
  }

  /**
   * Takes the lock at {@code path} for {@code owner}.
   *
   * @param warnings receives one line when a stale lock is taken over
   * @throws HeldException if a lock younger than {@code timeout} exists
   */
  public static RunLock acquire(
      WarehouseFiles files,
      Path path,
      String runId,
      Owner owner,
      Clock clock,
      Duration timeout,
      Consumer<String> warnings) {
    if (create(files, path, owner)) {
      return new RunLock(files, path, owner);
    }
    Owner holder;
    try {
      holder = read(files, path);
    } catch (IllegalArgumentException finishedMeanwhile) {
      // The holder released the lock between our create and read: try once more.
      if (create(files, path, owner)) {
        return new RunLock(files, path, owner);
      }
      holder = read(files, path);
    }
    if (holder.isGoneFromThisHost()) {
      warnings.accept(
          "greentrain: warning: taking over the lock "
              + path
              + " of run "
              + runId
              + " held by "
              + holder.describe()
              + " (that process is no longer running on this host)");
      return takeOver(files, path, runId, owner);
    }
    if (!isOlderThan(holder, clock, timeout)) {
      throw new HeldException(
          "Cannot start run "
              + runId
              + ": it is already running (lock "
              + path
              + " held by "
              + holder.describe()
              + "; taken over as stale after "
              + timeout.toMinutes()
              + " minutes)");
    }
    warnings.accept(
        "greentrain: warning: taking over the stale lock "
            + path
            + " of run "
            + runId
            + " held by "
            + holder.describe()
            + " (older than "
            + timeout.toMinutes()
            + " minutes)");
    return takeOver(files, path, runId, owner);
  }

  /**
   * True if {@code path} holds a lock that {@link #acquire} would not take over now: its owner is
   * alive on this host, or ran on another host and is younger than {@code timeout}.
   */
  public static boolean isHeld(WarehouseFiles files, Path path, Clock clock, Duration timeout) {
    if (!files.exists(path)) {
      return false;
    }
    Owner holder;
    try {
      holder = read(files, path);
    } catch (IllegalArgumentException releasedMeanwhile) {
      return false;
    }
    return !holder.isGoneFromThisHost() && !isOlderThan(holder, clock, timeout);
  }

  private static boolean isOlderThan(Owner holder, Clock clock, Duration timeout) {
    Duration age = Duration.between(Instant.parse(holder.startedAt()), clock.instant());
    return age.compareTo(timeout) > 0;
  }

  private static RunLock takeOver(WarehouseFiles files, Path path, String runId, Owner owner) {
    files.deleteRecursively(path);
    if (!create(files, path, owner)) {
      throw new HeldException(
          "Cannot start run "
              + runId
              + ": another process took over the stale lock "
              + path
              + " first (now held by "
              + read(files, path).describe()
              + ")");
    }
    return new RunLock(files, path, owner);
  }

  public Owner owner() {
    return owner;
  }

  /** Removes the lock unless another process has taken it over meanwhile. */
  @Override
  public void close() {
    if (files.exists(path) && owner.equals(read(files, path))) {
      files.deleteRecursively(path);
    }
  }

  /** Creates the lock file; false if it already exists. */
  private static boolean create(WarehouseFiles files, Path path, Owner owner) {
    FileSystem fs = files.fileSystem(path);
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(owner);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to encode the lock owner " + owner, e);
    }
    try {
      fs.mkdirs(path.getParent());
      try (OutputStream out = fs.create(path, false)) {
        out.write(body);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // Some file systems report an existing file with a plain IOException.
      if (files.exists(path)) {
        return false;
      }
      throw new UncheckedIOException("Failed to create the lock " + path, e);
    }
  }

  /**
   * The lock's owner. A lock read while its creator is still writing it (or left empty by a crash
   * right after creation) is dated by the file's modification time.
   */
  private static Owner read(WarehouseFiles files, Path path) {
    try {
      return Json.mapper().readValue(files.readAll(path), Owner.class);
    } catch (IOException e) {
      try {
        long modified = files.fileSystem(path).getFileStatus(path).getModificationTime();
        return new Owner(
            "unknown host (unreadable lock)", -1, Instant.ofEpochMilli(modified).toString(), "");
      } catch (IOException stat) {
        e.addSuppressed(stat);
        throw new UncheckedIOException("Failed to read the lock " + path, e);
      }
    }
  }

  private static String processStart(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse(null);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
