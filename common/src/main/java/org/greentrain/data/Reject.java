package org.greentrain.data;

import java.io.Serializable;

/**
 * A record that failed validation and was left out of the data set.
 *
 * @param file the file the record came from
 * @param record its position in that file (0 for a file that holds one image)
 * @param reason why it was rejected, e.g. {@code not a PNG or JPEG image}
 */
public record Reject(String file, long record, String reason) implements Serializable {}
