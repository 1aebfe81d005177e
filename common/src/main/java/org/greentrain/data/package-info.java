/**
 * Labelled images without Spark: IDX and image decoding, C x H x W pixel records, rejects, data
 * optimisation (duplicates, balanced subsampling) and the seeded augmentation ops and pipelines.
 *
 * <p>May import {@code config} (and {@code energy}); the Spark side of reading and writing datasets
 * is in {@code data.spark}.
 */
package org.greentrain.data;
