package org.greentrain.energy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The driver's book of an application's energy: every JVM's {@link WindowFacts}, grouped by {@link
 * HostIdentity#id()} into one {@link HostLedger} per host, so each host's energy counts once per
 * stretch of time however many of the application's JVMs run there.
 *
 * <p>A host's time is attributed up to a watermark: one sampling interval before the oldest latest
 * window of its live JVMs (those that have not sent their last window and were heard from within
 * {@code staleMs}), so a JVM's window that arrives a little after another's still counts. When no
 * JVM of a host is live, everything received is attributed. Times are epoch ms; {@code nowMs} is
 * the driver's clock, passed in so tests can drive it. All methods are synchronized.
 */
public final class EnergyLedger {

  /**
   * What is left when the application ends: the last rows and the windows whose CPU was not
   * attributed.
   *
   * @param lateWindows windows that arrived after their time had been attributed
   * @param unsentWindows windows {@code missingJvms} never sent (estimated from their last)
   */
  public record Finish(
      List<EnergyRow> rows, int lateWindows, int unsentWindows, List<String> missingJvms) {

    /** All windows whose tasks' CPU counts as node_other. */
    public int missingWindows() {
      return lateWindows + unsentWindows;
    }

    /** What is missing and why, in a sentence; empty when nothing is. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (unsentWindows > 0) {
        parts.add(
            "about "
                + unsentWindows
                + " sampling windows of "
                + String.join(",", missingJvms)
                + " not received (stopped waiting at shutdown)");
      }
      if (lateWindows > 0) {
        parts.add(lateWindows + " sampling windows arrived after their time was attributed");
      }
      return parts.isEmpty()
          ? ""
          : String.join("; ", parts) + "; their tasks' CPU counts as node_other";
    }
  }

  private static final class Jvm {
    final String hostId;
    long lastEndMs;
    long lastHeardMs;
    boolean finished;

    Jvm(String hostId) {
      this.hostId = hostId;
    }
  }

  private final long intervalMs;
  private final long staleMs;
  private final Map<String, HostLedger> hosts = new LinkedHashMap<>();
  private final Map<String, Jvm> jvms = new TreeMap<>();

  /**
   * @param intervalMs the JVMs' sampling interval
   * @param staleMs how long a JVM may stay silent before its host's time is attributed without it
   */
  public EnergyLedger(long intervalMs, long staleMs) {
    this.intervalMs = intervalMs;
    this.staleMs = staleMs;
  }

  /** Takes one window and returns the rows that are now ready. */
  public synchronized List<EnergyRow> add(WindowFacts facts, long nowMs) {
    hosts.computeIfAbsent(facts.host().id(), id -> new HostLedger(facts.host())).add(facts);
    Jvm jvm = jvms.computeIfAbsent(facts.jvmId(), id -> new Jvm(facts.host().id()));
    jvm.lastEndMs = Math.max(jvm.lastEndMs, facts.endMs());
    jvm.lastHeardMs = nowMs;
    jvm.finished |= facts.last();
    return ready(nowMs);
  }

  /** Rows of every host's time up to its watermark that were not returned before. */
  public synchronized List<EnergyRow> ready(long nowMs) {
    List<EnergyRow> rows = new ArrayList<>();
    for (HostLedger host : hosts.values()) {
      rows.addAll(host.attributeUntil(watermark(host, nowMs)));
    }
    return rows;
  }

  private long watermark(HostLedger host, long nowMs) {
    long live = Long.MAX_VALUE;
    for (Jvm j : jvms.values()) {
      if (j.hostId.equals(host.host().id()) && isLive(j, nowMs)) {
        live = Math.min(live, j.lastEndMs - intervalMs);
      }
    }
    return live == Long.MAX_VALUE ? host.latestEndMs() : live;
  }

  /** Whether any JVM has reported a window. */
  public synchronized boolean hasWindows() {
    return !jvms.isEmpty();
  }

  /** JVMs that have reported but not yet sent their last window, by id. */
  public synchronized List<String> unfinishedJvms() {
    List<String> out = new ArrayList<>();
    jvms.forEach(
        (id, j) -> {
          if (!j.finished) {
            out.add(id);
          }
        });
    return out;
  }

  /** The instant up to which every host's time is attributed, or 0 before any is. */
  public synchronized long coveredUntilMs() {
    return hosts.values().stream().mapToLong(HostLedger::coveredUntilMs).min().orElse(0);
  }

  /**
   * As {@link #coveredUntilMs()}, leaving out hosts none of whose JVMs is live at {@code nowMs}
   * (all lost, or all stopped): nothing more will come from them, so they hold no one back.
   */
  public synchronized long coveredUntilMs(long nowMs) {
    long covered = Long.MAX_VALUE;
    for (HostLedger host : hosts.values()) {
      if (hasLiveJvm(host, nowMs)) {
        covered = Math.min(covered, host.coveredUntilMs());
      }
    }
    return covered == Long.MAX_VALUE ? coveredUntilMsOfAll() : covered;
  }

  private long coveredUntilMsOfAll() {
    return hosts.values().stream().mapToLong(HostLedger::coveredUntilMs).max().orElse(0);
  }

  private boolean hasLiveJvm(HostLedger host, long nowMs) {
    for (Jvm j : jvms.values()) {
      if (j.hostId.equals(host.host().id()) && isLive(j, nowMs)) {
        return true;
      }
    }
    return false;
  }

  private boolean isLive(Jvm j, long nowMs) {
    return !j.finished && nowMs - j.lastHeardMs <= staleMs;
  }

  /**
   * Attributes everything received and counts what is missing: late windows, and for each JVM that
   * never sent its last window the intervals from its latest window to {@code appEndMs} (at least
   * one).
   */
  public synchronized Finish finish(long appEndMs) {
    List<EnergyRow> rows = new ArrayList<>();
    int late = 0;
    for (HostLedger host : hosts.values()) {
      rows.addAll(host.attributeUntil(host.latestEndMs()));
      late += host.lateWindows();
    }
    List<String> missingJvms = unfinishedJvms();
    int unsent = 0;
    for (String id : missingJvms) {
      long gap = Math.max(0, appEndMs - jvms.get(id).lastEndMs);
      unsent += (int) Math.max(1, (gap + intervalMs - 1) / intervalMs);
    }
    return new Finish(rows, late, unsent, missingJvms);
  }
}
