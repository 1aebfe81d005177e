package org.greentrain.jobs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;

/**
 * The column tables of our Markdown docs, and how they differ from the code's. A table is the
 * {@code | column | type | unit | meaning |} table after a {@code <!-- columns: LABEL -->} line. A
 * row may name several columns ({@code energy_j, energy_kwh}); its type and unit cells then hold
 * one value for all of them or one each, comma-separated, and its meaning is each one's.
 */
record ColumnDocs(Map<String, List<Documented>> tables) {

  /** One column as a doc row describes it. */
  record Documented(String name, String type, String unit, String meaning) {

    static Documented of(Column c) {
      return new Documented(c.name(), c.type().simpleString(), c.unit(), c.meaning());
    }
  }

  private static final Pattern MARKER = Pattern.compile("^<!-- columns: (.+?) -->$");
  private static final String HEADER = "| column | type | unit | meaning |";

  /** Every marked table of {@code markdown}, by its label; {@code file} names it in errors. */
  static ColumnDocs parse(String file, String markdown) {
    Map<String, List<Documented>> tables = new LinkedHashMap<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MARKER.matcher(lines[i].strip());
      if (!m.matches()) {
        continue;
      }
      String label = m.group(1);
      int header = i + 1;
      if (header >= lines.length || !lines[header].strip().equals(HEADER)) {
        throw new IllegalArgumentException(
            file + ":" + (header + 1) + ": expected " + HEADER + " after the " + label + " marker");
      }
      List<Documented> columns = new ArrayList<>();
      for (int row = header + 2; row < lines.length && lines[row].startsWith("|"); row++) {
        columns.addAll(row(file + ":" + (row + 1), lines[row]));
      }
      if (tables.put(label, columns) != null) {
        throw new IllegalArgumentException(file + ": two tables marked " + label);
      }
    }
    return new ColumnDocs(tables);
  }

  private static List<Documented> row(String where, String line) {
    String[] cells = line.strip().replaceAll("^\\||\\|$", "").split("\\|", -1);
    if (cells.length != 4) {
      throw new IllegalArgumentException(where + ": expected 4 cells, got " + cells.length);
    }
    List<String> names = split(cells[0].replace("`", ""));
    // Backticks keep a type such as array<double> from reading as HTML.
    List<String> types = perName(where, "type", split(cells[1].replace("`", "")), names.size());
    List<String> units = perName(where, "unit", split(cells[2].replace("`", "")), names.size());
    String meaning = cells[3].strip();
    List<Documented> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(new Documented(names.get(i), types.get(i), units.get(i), meaning));
    }
    return out;
  }

  private static List<String> split(String cell) {
    List<String> out = new ArrayList<>();
    for (String s : cell.split(",", -1)) {
      out.add(s.strip());
    }
    return out;
  }

  private static List<String> perName(String where, String what, List<String> values, int names) {
    if (values.size() == names) {
      return values;
    }
    if (values.size() == 1) {
      return java.util.Collections.nCopies(names, values.get(0));
    }
    throw new IllegalArgumentException(
        where + ": " + values.size() + " " + what + "s for " + names + " columns");
  }

  /**
   * How the documented table {@code label} differs from {@code schema}, one line per difference,
   * none when they agree: a missing or extra column, one out of order, and every cell that differs.
   */
  List<String> differences(String label, TableSchema schema) {
    List<String> out = new ArrayList<>();
    List<Documented> documented = tables.get(label);
    if (documented == null) {
      out.add(label + ": no table marked <!-- columns: " + label + " -->");
      return out;
    }
    List<Documented> code = schema.columns().stream().map(Documented::of).toList();
    List<String> codeNames = code.stream().map(Documented::name).toList();
    List<String> docNames = documented.stream().map(Documented::name).toList();
    for (String n : codeNames) {
      if (!docNames.contains(n)) {
        out.add(label + ": column " + n + " is not documented");
      }
    }
    for (String n : docNames) {
      if (!codeNames.contains(n)) {
        out.add(label + ": documented column " + n + " is not in the table");
      }
    }
    List<String> commonInDoc = docNames.stream().filter(codeNames::contains).toList();
    List<String> commonInCode = codeNames.stream().filter(docNames::contains).toList();
    if (!commonInDoc.equals(commonInCode)) {
      out.add(label + ": order differs; the table's is " + commonInCode);
    }
    for (Documented c : code) {
      for (Documented d : documented) {
        if (d.name().equals(c.name())) {
          cell(out, label, c.name(), "type", d.type(), c.type());
          cell(out, label, c.name(), "unit", d.unit(), c.unit());
          cell(out, label, c.name(), "meaning", d.meaning(), c.meaning());
        }
      }
    }
    return out;
  }

  private static void cell(
      List<String> out, String label, String column, String what, String doc, String code) {
    if (!doc.equals(code)) {
      out.add(String.format("%s.%s %s: doc '%s', code '%s'", label, column, what, doc, code));
    }
  }
}
