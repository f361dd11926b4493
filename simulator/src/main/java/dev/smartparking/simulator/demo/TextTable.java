package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.availability.DisplayWidth;
import java.util.List;

/**
 * A table for a terminal: columns as wide as their widest cell (Chinese names count two
 * columns), the first {@code leftAligned} columns left-aligned and the figures right-aligned.
 */
final class TextTable {

  private TextTable() {}

  static String render(List<String> headings, List<List<String>> rows, int leftAligned) {
    int[] widths = new int[headings.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = DisplayWidth.of(headings.get(c));
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], DisplayWidth.of(row.get(c)));
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headings, widths, leftAligned);
    int ruleWidth = -2;
    for (int w : widths) {
      ruleWidth += w + 2;
    }
    out.append("-".repeat(ruleWidth)).append('\n');
    rows.forEach(row -> line(out, row, widths, leftAligned));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths, int leftAligned) {
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      out.append(c < leftAligned ? DisplayWidth.padRight(cell, widths[c]) : DisplayWidth.padLeft(cell, widths[c]));
      out.append(c == cells.size() - 1 ? "\n" : "  ");
    }
  }
}
