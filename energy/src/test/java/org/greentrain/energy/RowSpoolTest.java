package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RowSpoolTest {

  private static EnergyRow row(long start) {
    return EnergyRow.onExecutor(
        "1",
        "n1",
        start,
        start + 1000,
        new EnergyShare(EnergyShare.NODE_OTHER, null, 0, 1),
        "",
        false,
        "rapl",
        1 / 3600.0,
        "");
  }

  @Test
  void rowsReachTheSinkOncePerPeriodAndNotBefore() {
    AtomicLong clock = new AtomicLong(0);
    List<List<EnergyRow>> written = new ArrayList<>();
    RowSpool spool = new RowSpool(clock::get, 60_000, written::add);

    spool.offer(List.of(row(0)));
    clock.set(59_999);
    spool.offer(List.of(row(1000)));
    assertThat(written).isEmpty();
    assertThat(spool.buffered()).isEqualTo(2);

    clock.set(60_000);
    spool.offer(List.of(row(2000)));
    clock.set(61_000);
    spool.offer(List.of(row(3000)));

    assertThat(written).hasSize(1);
    assertThat(written.get(0))
        .extracting(EnergyRow::windowStartMs)
        .containsExactly(0L, 1000L, 2000L);
    assertThat(spool.buffered()).isEqualTo(1);
  }

  @Test
  void aFailedWriteKeepsTheRowsForTheNextPeriod() {
    AtomicLong clock = new AtomicLong(0);
    List<List<EnergyRow>> written = new ArrayList<>();
    boolean[] fail = {true};
    RowSpool spool =
        new RowSpool(
            clock::get,
            1_000,
            rows -> {
              if (fail[0]) {
                throw new IllegalStateException("disk full");
              }
              written.add(rows);
            });
    clock.set(1_000);
    assertThatThrownBy(() -> spool.offer(List.of(row(0)))).hasMessage("disk full");

    fail[0] = false;
    spool.offer(List.of(row(1000)));

    assertThat(written).hasSize(1);
    assertThat(written.get(0)).hasSize(2);
  }

  @Test
  void aPeriodOfZeroIsRejected() {
    assertThatThrownBy(() -> new RowSpool(() -> 0, 0, rows -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid spool period: 0 ms (at least 1)");
  }
}
