package org.greentrain.jobs.stage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.greentrain.energy.PathSegments;
import org.greentrain.error.UserError;

/** Run ids: given by the user, or derived from the date so a nightly job needs none. */
final class RunIds {

  private RunIds() {}

  /**
   * The id to use: {@code given} when not blank, else {@code nightly-<yyyy-MM-dd>} in {@code zone}
   * at {@code clock}'s instant.
   */
  static String resolve(String given, Clock clock, String zone) {
    if (given != null && !given.isEmpty()) {
      return UserError.fromInput(() -> PathSegments.check("run id", given));
    }
    return "nightly-" + LocalDate.now(clock.withZone(ZoneId.of(zone)));
  }
}
