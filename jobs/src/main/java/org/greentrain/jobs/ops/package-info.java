/**
 * Operations: {@code schedule} (start at a low-carbon time), {@code tables} (register the tables in
 * a catalog) and {@code make-sample}.
 */
package org.greentrain.jobs.ops;
