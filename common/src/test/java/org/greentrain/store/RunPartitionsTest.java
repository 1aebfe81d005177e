package org.greentrain.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPartitionsTest {

  @Test
  void aRunReRunOnAnotherDayKeepsOnlyItsNewDatesPartitions(@TempDir Path dir) throws Exception {
    for (String p :
        new String[] {
          "tables/runs/run_date=2026-11-29/run_id=nightly/part-0.parquet",
          "tables/runs/run_date=2026-11-30/run_id=nightly/part-0.parquet",
          "tables/runs/run_date=2026-11-29/run_id=other/part-0.parquet",
          "tables/task_energy/run_date=2026-11-29/run_id=nightly/stage=train/part-0.parquet",
          "tables/task_energy/run_date=2026-11-30/run_id=nightly/stage=train/part-0.parquet",
          "tables/rejects/run_date=2026-11-28/run_id=nightly/split=train/part-0.parquet",
          "tables/runs/_SUCCESS_dir/run_id=nightly/x",
        }) {
      Files.createDirectories(dir.resolve(p).getParent());
      Files.writeString(dir.resolve(p), "rows");
    }
    Warehouse warehouse = new Warehouse(new org.apache.hadoop.fs.Path(dir.toUri()));

    var removed =
        RunPartitions.removeOtherDates(
            new WarehouseFiles(new Configuration()), warehouse, "nightly", "2026-11-30");

    assertThat(removed).hasSize(3);
    assertThat(dir.resolve("tables/runs/run_date=2026-11-29/run_id=nightly")).doesNotExist();
    assertThat(dir.resolve("tables/task_energy/run_date=2026-11-29/run_id=nightly")).doesNotExist();
    assertThat(dir.resolve("tables/rejects/run_date=2026-11-28/run_id=nightly")).doesNotExist();
    assertThat(dir.resolve("tables/runs/run_date=2026-11-30/run_id=nightly/part-0.parquet"))
        .exists();
    assertThat(
            dir.resolve(
                "tables/task_energy/run_date=2026-11-30/run_id=nightly/stage=train/part-0.parquet"))
        .exists();
    // Other runs, and directories that are not date partitions, are not ours to touch.
    assertThat(dir.resolve("tables/runs/run_date=2026-11-29/run_id=other/part-0.parquet")).exists();
    assertThat(dir.resolve("tables/runs/_SUCCESS_dir/run_id=nightly/x")).exists();
  }
}
