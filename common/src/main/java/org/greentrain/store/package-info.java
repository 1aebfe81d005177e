/**
 * The warehouse: layout, Parquet tables written per run partition, run locks and retention, and the
 * model registry with its manifests and quality gate.
 *
 * <p>May import, of ours, only {@code energy} (records) and {@code digest}: every stage writes
 * here, so it stays below them (ArchitectureTest).
 */
package org.greentrain.store;
