package org.greentrain.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.greentrain.error.UserError;

/** JSON files in the warehouse, written atomically. */
public final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final WarehouseFiles files;

  public Json(WarehouseFiles files) {
    this.files = files;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public void write(Path path, Object value) {
    files.writeAtomically(path, out -> MAPPER.writeValue(out, value));
  }

  public <T> T read(Path path, Class<T> type) {
    return parse(path, files.readAll(path), type);
  }

  /**
   * Reads an untrusted JSON file of at most {@code maxBytes}, checked before it is read.
   *
   * @param what names the file in the message, as in "manifest of 2000000 bytes exceeds ..."
   * @throws UserError naming the file, if it is larger
   */
  public <T> T read(Path path, Class<T> type, long maxBytes, String what) {
    long length = files.length(path);
    if (length > maxBytes) {
      throw new UserError(
          "Cannot read "
              + path
              + ": "
              + what
              + " of "
              + length
              + " bytes exceeds the limit of "
              + maxBytes
              + " bytes");
    }
    return parse(path, files.readAll(path), type);
  }

  private static <T> T parse(Path path, byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to parse " + path, e);
    }
  }
}
