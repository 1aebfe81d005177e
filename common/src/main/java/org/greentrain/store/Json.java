package org.greentrain.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;

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
    byte[] bytes = files.readAll(path);
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to parse " + path, e);
    }
  }
}
