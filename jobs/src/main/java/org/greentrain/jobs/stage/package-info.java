/**
 * The pipeline's commands: {@code run} and one per stage. Each wires its options to a stage class
 * of the library and runs it through the run context; none holds stage logic.
 */
package org.greentrain.jobs.stage;
