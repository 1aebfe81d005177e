package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs of one application on one host, each reading the whole host's meter over windows that
 * are not aligned: the host's energy must count once.
 */
class HostLedgerTest {

  static final HostIdentity HOST = new HostIdentity("machine-id:m1", "n1");
  static final TaskKey TASK = new TaskKey(7, 3, 0, 0, 0, "count");
  static final String HW = "Dell Inc. PowerEdge R740 / Intel(R) Xeon(R) Gold 6248";

  /** The driver's window: the meter read 50 J, the host was busy 1.0 CPU s, the driver 0.1 s. */
  static WindowFacts driver(long start, long end) {
    return new WindowFacts(
        "driver", true, HOST, start, end, 50, 1.0, 0.1, Map.of(), false, "rapl", false, HW);
  }

  /** An executor's window, offset by half a window: its task used 0.5 CPU s, the JVM 0.6 s. */
  static WindowFacts executor(long start, long end, String status) {
    return new WindowFacts(
        "1",
        false,
        HOST,
        start,
        end,
        50,
        1.0,
        0.6,
        Map.of(TASK, new TaskCpuTracker.TaskWindow(0.5, status)),
        false,
        "rapl",
        false,
        HW);
  }

  private static double sum(List<EnergyRow> rows, String kind) {
    return rows.stream().filter(r -> kind.equals(r.kind())).mapToDouble(EnergyRow::joules).sum();
  }

  @Test
  void misalignedWindowsOfTwoJvmsCountTheHostOnceAndShareItByCpuTime() {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(driver(0, 1000));
    ledger.add(executor(500, 1500, "success"));
    ledger.add(driver(1000, 2000));

    List<EnergyRow> rows = ledger.attributeUntil(2000);

    // The host used 100 J over [0, 2000] (the driver's meter, seen first); the executor's own
    // reading of the same counter (50 J) must not be added. Each stretch is a driver window:
    // 50 J over 1.0 busy CPU s; the executor is in half of it: task 0.25 s -> 12.5 J, its other
    // threads 0.05 s -> 2.5 J; the driver 0.1 s -> 5 J; node_other 50 - 20 = 30 J.
    assertThat(rows.stream().mapToDouble(EnergyRow::joules).sum()).isCloseTo(100, within(1e-9));
    assertThat(sum(rows, EnergyShare.TASK)).isCloseTo(25, within(1e-9));
    assertThat(sum(rows, EnergyShare.EXECUTOR_OVERHEAD)).isCloseTo(5, within(1e-9));
    assertThat(sum(rows, EnergyRow.DRIVER)).isCloseTo(10, within(1e-9));
    assertThat(sum(rows, EnergyShare.NODE_OTHER)).isCloseTo(60, within(1e-9));
    assertThat(rows).extracting(EnergyRow::host).containsOnly("n1");
    assertThat(rows.stream().filter(r -> r.kind().equals(EnergyShare.TASK)))
        .extracting(EnergyRow::windowStartMs, EnergyRow::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, "running"),
            org.assertj.core.groups.Tuple.tuple(1000L, "success"));
    assertThat(ledger.coveredUntilMs()).isEqualTo(2000);
  }

  @Test
  void theNodeHoursAreSplitLikeTheEnergyAndAddUpToTheWallTime() {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(driver(0, 1000));
    ledger.add(executor(500, 1500, "success"));
    ledger.add(driver(1000, 2000));

    List<EnergyRow> rows = ledger.attributeUntil(2000);

    // Two 1 s stretches of 1.0 busy CPU s each: the task holds 0.25 of each, the executor's other
    // threads 0.05, the driver 0.1, node_other 0.6; in all the host's 2 s.
    double second = 1 / 3600.0;
    assertThat(rows.stream().mapToDouble(EnergyRow::nodeHours).sum())
        .isCloseTo(2 * second, within(1e-15));
    assertThat(hours(rows, EnergyShare.TASK)).isCloseTo(0.5 * second, within(1e-15));
    assertThat(hours(rows, EnergyShare.EXECUTOR_OVERHEAD)).isCloseTo(0.1 * second, within(1e-15));
    assertThat(hours(rows, EnergyRow.DRIVER)).isCloseTo(0.2 * second, within(1e-15));
    assertThat(hours(rows, EnergyShare.NODE_OTHER)).isCloseTo(1.2 * second, within(1e-15));
    assertThat(rows).extracting(EnergyRow::hardware).containsOnly(HW);
  }

  private static double hours(List<EnergyRow> rows, String kind) {
    return rows.stream().filter(r -> kind.equals(r.kind())).mapToDouble(EnergyRow::nodeHours).sum();
  }

  @Test
  void aWindowThatArrivesAfterItsTimeWasAttributedIsCountedLate() {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(driver(0, 1000));
    ledger.attributeUntil(1000);

    ledger.add(executor(200, 900, "success"));

    assertThat(ledger.lateWindows()).isEqualTo(1);
    assertThat(ledger.attributeUntil(1000)).isEmpty();
  }

  @Test
  void aGapNoWindowCoversHasNoRows() {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(driver(0, 1000));
    ledger.add(driver(2000, 3000));

    List<EnergyRow> rows = ledger.attributeUntil(3000);

    assertThat(rows.stream().mapToDouble(EnergyRow::joules).sum()).isCloseTo(100, within(1e-9));
    assertThat(rows).extracting(EnergyRow::windowStartMs).containsOnly(0L, 2000L);
  }

  @Test
  void eachRowSaysWhetherTheWindowItsEnergyCameFromWasEstimated() {
    HostLedger ledger = new HostLedger(HOST);
    ledger.add(driver(0, 1000));
    // A GPU integrated from power in this window only.
    ledger.add(
        new WindowFacts(
            "driver",
            true,
            HOST,
            1000,
            2000,
            50,
            1.0,
            0.1,
            Map.of(),
            true,
            "rapl+nvidia-smi",
            false,
            ""));

    List<EnergyRow> rows = ledger.attributeUntil(2000);

    assertThat(rows)
        .allSatisfy(r -> assertThat(r.estimated()).isEqualTo(r.windowStartMs() == 1000));
    assertThat(rows).extracting(EnergyRow::estimated).contains(true, false);
  }

  @Test
  void aWindowOfAnotherHostIsRejected() {
    HostLedger ledger = new HostLedger(new HostIdentity("machine-id:m2", "n2"));

    assertThatThrownBy(() -> ledger.add(driver(0, 1000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot add a window of host machine-id:m1 to host machine-id:m2");
  }
}
