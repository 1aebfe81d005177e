package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The driver's ledger, on a fake clock: watermarks, silent JVMs, late and missing windows. */
class EnergyLedgerTest {

  private static final long INTERVAL = 500;
  private static final long STALE = 3_000;
  private static final HostIdentity OTHER = new HostIdentity("machine-id:m2", "n2");

  private static WindowFacts window(String jvm, HostIdentity host, long start, long end) {
    return window(jvm, host, start, end, false);
  }

  private static WindowFacts window(
      String jvm, HostIdentity host, long start, long end, boolean last) {
    return new WindowFacts(
        jvm,
        false,
        host,
        start,
        end,
        (end - start) / 20.0,
        0,
        0,
        Map.of(),
        false,
        "rapl",
        last,
        "");
  }

  private static double joules(List<EnergyRow> rows) {
    return rows.stream().mapToDouble(EnergyRow::joules).sum();
  }

  @Test
  void aHostIsAttributedOnlyUpToAnIntervalBeforeItsSlowestLiveJvm() {
    EnergyLedger ledger = new EnergyLedger(INTERVAL, STALE);
    List<EnergyRow> rows = new ArrayList<>();
    rows.addAll(ledger.add(window("1", HostLedgerTest.HOST, 0, 500), 500));
    rows.addAll(ledger.add(window("2", HostLedgerTest.HOST, 0, 500), 500));
    rows.addAll(ledger.add(window("1", HostLedgerTest.HOST, 500, 3000), 3000));
    assertThat(ledger.coveredUntilMs()).isEqualTo(0);

    rows.addAll(ledger.add(window("2", HostLedgerTest.HOST, 500, 1000), 3000));

    // JVM 2 is at 1000: time up to 1000 - 500 is final; 50 W (1 J per 20 ms) -> 25 J.
    assertThat(ledger.coveredUntilMs()).isEqualTo(500);
    assertThat(joules(rows)).isCloseTo(25, within(1e-9));
  }

  @Test
  void aSilentJvmStopsHoldingItsHostBackAndIsCountedMissingAtTheEnd() {
    EnergyLedger ledger = new EnergyLedger(INTERVAL, STALE);
    ledger.add(window("1", HostLedgerTest.HOST, 0, 1000), 1000);
    ledger.add(window("2", HostLedgerTest.HOST, 0, 1000), 1000);
    ledger.add(window("1", HostLedgerTest.HOST, 1000, 3000), 3000);
    assertThat(ledger.coveredUntilMs()).isEqualTo(500);

    // JVM 2 has not been heard of for more than 3 s: the host goes on without it.
    ledger.ready(4_100);
    assertThat(ledger.coveredUntilMs()).isEqualTo(2500);

    ledger.add(window("1", HostLedgerTest.HOST, 3000, 6000, true), 6000);
    EnergyLedger.Finish finish = ledger.finish(6000);

    // JVM 2's latest window ended at 1000: (6000 - 1000) / 500 = 10 windows never came.
    assertThat(finish.missingJvms()).containsExactly("2");
    assertThat(finish.missingWindows()).isEqualTo(10);
    assertThat(finish.describe())
        .isEqualTo(
            "about 10 sampling windows of 2 not received (stopped waiting at shutdown); their"
                + " tasks' CPU counts as node_other");
    assertThat(ledger.coveredUntilMs()).isEqualTo(6000);
  }

  @Test
  void windowsThatCameLateAreToldApartFromWindowsThatNeverCame() {
    EnergyLedger ledger = new EnergyLedger(INTERVAL, STALE);
    ledger.add(window("1", HostLedgerTest.HOST, 0, 1000), 1000);
    ledger.add(window("1", HostLedgerTest.HOST, 1000, 3000, true), 3000);
    ledger.ready(3000);
    // JVM 2's only window, and its last, arrives after the host's time up to 3000 was attributed.
    ledger.add(window("2", HostLedgerTest.HOST, 500, 2500, true), 3100);

    EnergyLedger.Finish finish = ledger.finish(3100);

    assertThat(finish.missingJvms()).isEmpty();
    assertThat(finish.missingWindows()).isEqualTo(1);
    assertThat(finish.describe())
        .isEqualTo(
            "1 sampling windows arrived after their time was attributed; their tasks' CPU counts"
                + " as node_other");
    assertThat(new EnergyLedger(INTERVAL, STALE).finish(0).describe()).isEmpty();
  }

  @Test
  void aHostWhoseJvmsAreAllGoneHoldsNoOneBack() {
    EnergyLedger ledger = new EnergyLedger(INTERVAL, STALE);
    ledger.add(window("1", HostLedgerTest.HOST, 0, 1000), 1000);
    ledger.add(window("3", OTHER, 0, 1000), 1000);
    ledger.add(window("1", HostLedgerTest.HOST, 1000, 9000), 9000);

    // Host n2's only executor was lost after its first window: at 9 s it is stale.
    ledger.ready(9000);

    assertThat(ledger.coveredUntilMs()).isEqualTo(1000);
    assertThat(ledger.coveredUntilMs(9000)).isEqualTo(8500);
  }

  @Test
  void eachHostCountsItsOwnEnergyOnce() {
    EnergyLedger ledger = new EnergyLedger(INTERVAL, STALE);
    List<EnergyRow> rows = new ArrayList<>();
    for (String jvm : List.of("1", "2")) {
      rows.addAll(ledger.add(window(jvm, HostLedgerTest.HOST, 0, 1000), 1000));
    }
    rows.addAll(ledger.add(window("3", OTHER, 0, 1000), 1000));
    for (String jvm : List.of("1", "2")) {
      rows.addAll(ledger.add(window(jvm, HostLedgerTest.HOST, 1000, 2000, true), 2000));
    }
    rows.addAll(ledger.add(window("3", OTHER, 1000, 2000, true), 2000));
    EnergyLedger.Finish finish = ledger.finish(2000);
    rows.addAll(finish.rows());

    // 2 s at 50 W per host: 100 J each, whether one JVM reads the host or two.
    Map<String, Double> byHost = new TreeMap<>();
    rows.forEach(r -> byHost.merge(r.host(), r.joules(), Double::sum));
    assertThat(byHost).containsOnlyKeys("n1", "n2");
    assertThat(byHost.get("n1")).isCloseTo(100, within(1e-9));
    assertThat(byHost.get("n2")).isCloseTo(100, within(1e-9));
    assertThat(finish.missingWindows()).isZero();
  }
}
