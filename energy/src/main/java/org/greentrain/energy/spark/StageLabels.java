package org.greentrain.energy.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.greentrain.energy.PathSegments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage labels as they enter the plugin from the {@code greentrain.stage} local property of any
 * application: a label becomes a {@code stage=} partition directory, so one that is not a safe path
 * segment is filed under {@value #INVALID} with one warning per label. Accounting never fails the
 * application it measures, so this is not an error.
 */
final class StageLabels {

  static final String INVALID = "invalid-label";

  private static final Logger LOG = LoggerFactory.getLogger(StageLabels.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private StageLabels() {}

  /** The label to file rows under: empty (unlabelled), the label, or {@value #INVALID}. */
  static String of(String raw) {
    if (raw == null || raw.isEmpty() || PathSegments.isSafe(raw)) {
      return raw == null ? "" : raw;
    }
    if (WARNED.add(raw)) {
      try {
        PathSegments.check("stage label (" + StageCpuListener.STAGE_PROPERTY + ")", raw);
      } catch (IllegalArgumentException e) {
        LOG.warn("{}; its energy is filed under stage {}", e.getMessage(), INVALID);
      }
    }
    return INVALID;
  }
}
