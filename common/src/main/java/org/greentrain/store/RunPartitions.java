package org.greentrain.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Keeps one copy of a run's rows in every table: a run id re-run on another day writes its
 * partitions under the new {@code run_date}, so the partitions of that run id under any other date
 * are removed once the new ones are written. Only directories named {@code run_id=<id>} directly
 * under a {@code run_date=…} directory of a table are touched.
 */
public final class RunPartitions {

  private RunPartitions() {}

  /**
   * Deletes {@code tables/<table>/run_date=<d>/run_id=<runId>} for every table and every date
   * {@code d} other than {@code runDate}.
   *
   * @return the partitions deleted
   */
  public static List<Path> removeOtherDates(
      WarehouseFiles files, Warehouse warehouse, String runId, String runDate) {
    List<Path> removed = new ArrayList<>();
    for (Path table : files.listDirectories(warehouse.tables())) {
      for (Path date : files.listDirectories(table)) {
        if (date.getName().startsWith("run_date=")
            && !date.getName().equals("run_date=" + runDate)) {
          Path partition = new Path(date, "run_id=" + runId);
          if (files.exists(partition)) {
            files.deleteRecursively(partition);
            removed.add(partition);
          }
        }
      }
    }
    return removed;
  }
}
