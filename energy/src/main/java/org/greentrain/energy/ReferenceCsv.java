package org.greentrain.energy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads the small reference tables in {@code conf/}: comma-separated, no quoting, a fixed header,
 * blank lines and {@code #} lines skipped. Every error names the source and the 1-based line.
 */
final class ReferenceCsv {

  private ReferenceCsv() {}

  /** One data line, with the means to parse its fields and to report an error at its place. */
  record Row(String source, int line, List<String> fields) {

    String text(int index) {
      return fields.get(index);
    }

    double number(int index, String column) {
      String value = fields.get(index);
      double parsed;
      try {
        parsed = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw error(column + " is not a number: " + value);
      }
      // parseDouble accepts "NaN" and "Infinity", which no table column can mean.
      if (!Double.isFinite(parsed)) {
        throw error(column + " is not a finite number: " + value);
      }
      return parsed;
    }

    int integer(int index, String column) {
      String value = fields.get(index);
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw error(column + " is not an integer: " + value);
      }
    }

    IllegalArgumentException error(String why) {
      return new IllegalArgumentException("Cannot read " + source + " line " + line + ": " + why);
    }
  }

  /** Reads a file; the caller's {@code parse} builds the table from the rows. */
  static <T> T load(Path csv, String header, BiFunction<String, List<Row>, T> parse) {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return parse.apply(csv.toString(), read(reader, csv.toString(), header));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + csv, e);
    }
  }

  /** Reads a classpath resource, failing if the jar was built without it. */
  static <T> T loadResource(
      String resource, String header, BiFunction<String, List<Row>, T> parse) {
    String source = "classpath:" + resource;
    InputStream in = ReferenceCsv.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "Cannot load " + source + ": the resource is not on the classpath");
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return parse.apply(source, read(reader, source, header));
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + source, e);
    }
  }

  /** Reads all data rows; does not close {@code reader}. */
  static List<Row> read(Reader reader, String source, String header) {
    int columns = header.split(",", -1).length;
    BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    List<Row> rows = new ArrayList<>();
    boolean headerSeen = false;
    int lineNumber = 0;
    try {
      for (String raw = lines.readLine(); raw != null; raw = lines.readLine()) {
        lineNumber++;
        String line = lineNumber == 1 ? stripByteOrderMark(raw).strip() : raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (!headerSeen) {
          if (!line.equals(header)) {
            throw new IllegalArgumentException(
                "Cannot read "
                    + source
                    + " line "
                    + lineNumber
                    + ": expected header "
                    + header
                    + " but found "
                    + line);
          }
          headerSeen = true;
          continue;
        }
        List<String> fields = new ArrayList<>();
        for (String field : line.split(",", -1)) {
          fields.add(field.strip());
        }
        Row row = new Row(source, lineNumber, List.copyOf(fields));
        if (fields.size() != columns) {
          throw row.error(
              "expected " + columns + " columns but found " + fields.size() + " in " + line);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + source, e);
    }
    if (!headerSeen) {
      throw new IllegalArgumentException("Cannot read " + source + ": no header line " + header);
    }
    return rows;
  }

  private static String stripByteOrderMark(String line) {
    // Spreadsheet tools often save UTF-8 with a BOM, which would otherwise spoil the header.
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
