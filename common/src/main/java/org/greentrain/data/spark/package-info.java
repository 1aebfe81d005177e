/**
 * Datasets on Spark: the sources (IDX, image folders, Parquet) read into validated records with
 * their rejects, and the augmented, sharded table the training stage reads.
 *
 * <p>May import {@code config}, {@code data} (and {@code energy}); never a later stage.
 */
package org.greentrain.data.spark;
