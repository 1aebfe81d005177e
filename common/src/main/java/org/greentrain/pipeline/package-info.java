/**
 * What every stage of a run shares: the {@link org.greentrain.pipeline.RunContext} (session,
 * config, warehouse, run identity), the {@link org.greentrain.pipeline.StageRunner} that times a
 * stage and turns its CPU time into energy, and the {@link org.greentrain.pipeline.StageOutcome} a
 * stage hands back. The stages themselves live in their domain's package; this one depends on none
 * of them.
 */
package org.greentrain.pipeline;
