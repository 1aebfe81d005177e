/** Operations: {@code schedule} (start at a low-carbon time) and {@code make-sample}. */
package org.greentrain.jobs.ops;
