package org.greentrain.config;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.greentrain.energy.PathSegments;
import org.greentrain.error.UserError;

/**
 * Run identity and where it writes.
 *
 * @param lockTimeoutMinutes age after which a run lock counts as left by a crashed run
 * @param keepRuns runs whose scratch data a successful run keeps, itself included
 */
public record RunConfig(
    String id, String timeZone, long seed, String warehouse, long lockTimeoutMinutes, int keepRuns)
    implements Serializable {

  public RunConfig {
    // Empty means "derive the id from the date"; anything else becomes a directory name.
    if (id == null || !id.isEmpty()) {
      UserError.fromInput(() -> PathSegments.check(ConfigKeys.RUN_ID, id));
    }
    try {
      ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new UserError("Invalid " + ConfigKeys.RUN_TIME_ZONE + ": " + timeZone, e);
    }
    if (warehouse == null || warehouse.isBlank()) {
      throw new UserError("Invalid " + ConfigKeys.RUN_WAREHOUSE + ": it is empty");
    }
    Checks.atLeast(ConfigKeys.RUN_LOCK_TIMEOUT_MINUTES, lockTimeoutMinutes, 1);
    Checks.atLeast(ConfigKeys.RUN_KEEP_RUNS, keepRuns, 1);
  }
}
