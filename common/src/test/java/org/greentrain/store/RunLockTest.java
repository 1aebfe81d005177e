package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.greentrain.store.RunLock.Owner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

  /** A clock that moves only when told. */
  static final class FakeClock extends Clock {
    private Instant now;

    FakeClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private static final Duration TIMEOUT = Duration.ofMinutes(360);

  private final WarehouseFiles files = new WarehouseFiles(new Configuration());
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-29T01:00:00Z"));
  private final List<String> warnings = new ArrayList<>();

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private RunLock acquire(org.apache.hadoop.fs.Path lock, Owner owner) {
    return RunLock.acquire(files, lock, "nightly-2026-11-29", owner, clock, TIMEOUT, warnings::add);
  }

  private Owner owner(String host, long pid) {
    return new Owner(host, pid, clock.instant().toString(), host + "-" + pid);
  }

  @Test
  void aSecondAcquireIsRefusedNamingTheRunTheLockAndTheOwner(@TempDir Path dir) {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/nightly-2026-11-29/.lock"));
    try (RunLock first = acquire(lock, owner("node-a", 4242))) {
      clock.advance(Duration.ofMinutes(359));

      assertThatThrownBy(() -> acquire(lock, owner("node-b", 7)))
          .isInstanceOf(RunLock.HeldException.class)
          .hasMessage(
              "Cannot start run nightly-2026-11-29: it is already running (lock "
                  + lock
                  + " held by node-a pid 4242 since 2026-11-29T01:00:00Z; taken over as stale"
                  + " after 360 minutes)");
      assertThat(first.owner().host()).isEqualTo("node-a");
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void aStaleLockIsTakenOverWithAWarningAndTheOldOwnerCannotReleaseIt(@TempDir Path dir) {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/r/.lock"));
    RunLock crashed = acquire(lock, owner("node-a", 4242));
    clock.advance(Duration.ofMinutes(361));

    try (RunLock taken = acquire(lock, owner("node-b", 7))) {
      assertThat(warnings)
          .containsExactly(
              "greentrain: warning: taking over the stale lock "
                  + lock
                  + " of run nightly-2026-11-29 held by node-a pid 4242 since"
                  + " 2026-11-29T01:00:00Z (older than 360 minutes)");
      // The crashed run coming back to life must not remove the new holder's lock.
      crashed.close();
      assertThat(files.exists(lock)).isTrue();
      assertThatThrownBy(() -> acquire(lock, owner("node-c", 9)))
          .isInstanceOf(RunLock.HeldException.class)
          .hasMessageContaining("held by node-b pid 7 since 2026-11-29T07:01:00Z");
    }
    assertThat(files.exists(lock)).isFalse();
  }

  @Test
  void theLockIsReleasedWhenTheRunFails(@TempDir Path dir) {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/r/.lock"));

    assertThatThrownBy(
            () -> {
              try (RunLock ignored = acquire(lock, owner("node-a", 1))) {
                throw new IllegalStateException("stage failed");
              }
            })
        .hasMessage("stage failed");

    assertThat(files.exists(lock)).isFalse();
    try (RunLock again = acquire(lock, owner("node-a", 2))) {
      assertThat(files.exists(lock)).isTrue();
    }
  }

  @Test
  void anUnreadableLockIsDatedByItsModificationTime(@TempDir Path dir) throws Exception {
    Path lockFile = Files.createDirectories(dir.resolve("runs/r")).resolve(".lock");
    // Left empty by a process that crashed right after creating it, long ago.
    Files.writeString(lockFile, "");
    Files.setLastModifiedTime(
        lockFile, java.nio.file.attribute.FileTime.from(Instant.parse("2026-11-28T00:00:00Z")));

    try (RunLock taken = acquire(hadoop(lockFile), owner("node-b", 7))) {
      assertThat(warnings)
          .singleElement()
          .asString()
          .contains("held by unknown host (unreadable lock) pid -1 since 2026-11-28T00:00:00Z");
    }
  }

  private static String thisHost() throws Exception {
    return InetAddress.getLocalHost().getHostName();
  }

  @Test
  void aLockOfAProcessGoneFromThisHostIsTakenOverAtOnce(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/r/.lock"));
    Process crashed = new ProcessBuilder("sleep", "60").start();
    String crashedStart = crashed.info().startInstant().orElseThrow().toString();
    Owner dead =
        new Owner(thisHost(), crashed.pid(), clock.instant().toString(), "t1", crashedStart);
    acquire(lock, dead);
    crashed.destroyForcibly().waitFor();

    clock.advance(Duration.ofMinutes(1));
    try (RunLock taken = acquire(lock, owner("node-b", 7))) {
      assertThat(warnings)
          .containsExactly(
              "greentrain: warning: taking over the lock "
                  + lock
                  + " of run nightly-2026-11-29 held by "
                  + thisHost()
                  + " pid "
                  + crashed.pid()
                  + " since 2026-11-29T01:00:00Z (that process is no longer running on this"
                  + " host)");
      assertThat(taken.owner().host()).isEqualTo("node-b");
    }
  }

  @Test
  void aLockOfALiveProcessOnThisHostIsHeld(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/r/.lock"));
    try (RunLock held = acquire(lock, Owner.current(clock))) {
      clock.advance(Duration.ofMinutes(1));
      assertThatThrownBy(() -> acquire(lock, owner("node-b", 7)))
          .isInstanceOf(RunLock.HeldException.class)
          .hasMessageContaining("it is already running");
      assertThat(RunLock.isHeld(files, lock, clock, TIMEOUT)).isTrue();
    }
    assertThat(RunLock.isHeld(files, lock, clock, TIMEOUT)).isFalse();
  }

  @Test
  void aReusedPidIsNotMistakenForTheOwner(@TempDir Path dir) throws Exception {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/r/.lock"));
    // This JVM's pid, but a process that started at another time: the owner is gone.
    Owner earlier =
        new Owner(
            thisHost(),
            ProcessHandle.current().pid(),
            clock.instant().toString(),
            "t1",
            "2020-01-01T00:00:00Z");
    acquire(lock, earlier);

    assertThat(RunLock.isHeld(files, lock, clock, TIMEOUT)).isFalse();
    try (RunLock taken = acquire(lock, owner("node-b", 7))) {
      assertThat(warnings).singleElement().asString().contains("no longer running on this host");
    }
  }

  @Test
  void aLockOfAnotherHostIsHeldUntilTheTimeout(@TempDir Path dir) {
    org.apache.hadoop.fs.Path lock = hadoop(dir.resolve("runs/r/.lock"));
    acquire(lock, owner("node-a", 4242));
    clock.advance(TIMEOUT);
    assertThat(RunLock.isHeld(files, lock, clock, TIMEOUT)).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(RunLock.isHeld(files, lock, clock, TIMEOUT)).isFalse();
  }
}
