package org.greentrain.store;

/**
 * Identity of one run, written when its first stage starts and kept when stages re-run.
 *
 * @param runDate the date the run is filed under in the tables (yyyy-MM-dd)
 * @param startedAt ISO-8601 instant
 * @param platform what the first attempt ran on; null in run.json files written before it was
 *     recorded
 */
public record RunInfo(
    String runId,
    String runDate,
    String startedAt,
    long seed,
    String configHash,
    String configJson,
    String codeVersion,
    Platform platform) {}
