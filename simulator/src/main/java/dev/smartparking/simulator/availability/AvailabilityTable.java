package dev.smartparking.simulator.availability;

import java.util.ArrayList;
import java.util.List;

/** Renders availability as a fixed-width table: one row per district, then the city totals. */
public final class AvailabilityTable {

  private static final String[] HEADINGS = {"code", "name", "lots", "reporting", "total", "free", "occupancy"};

  private AvailabilityTable() {}

  public static String render(Availability availability) {
    List<String[]> rows = new ArrayList<>();
    for (DistrictAvailability d : availability.districts()) {
      rows.add(row(d.code(), d.name(), d.lots(), d.lotsReporting(), d.total(), d.free(), d.occupancyRate()));
    }
    String[] city =
        row(
            "city",
            "",
            availability.lots(),
            availability.lotsReporting(),
            availability.total(),
            availability.free(),
            availability.occupancyRate());

    int[] widths = new int[HEADINGS.length];
    for (int c = 0; c < HEADINGS.length; c++) {
      widths[c] = DisplayWidth.of(HEADINGS[c]);
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], DisplayWidth.of(row[c]));
      }
      widths[c] = Math.max(widths[c], DisplayWidth.of(city[c]));
    }
    StringBuilder out = new StringBuilder();
    line(out, HEADINGS, widths);
    int ruleWidth = 0;
    for (int w : widths) {
      ruleWidth += w + 2;
    }
    String rule = "-".repeat(ruleWidth - 2) + "\n";
    out.append(rule);
    rows.forEach(row -> line(out, row, widths));
    out.append(rule);
    line(out, city, widths);
    out.append("updated_at ").append(availability.updatedAt()).append('\n');
    return out.toString();
  }

  private static String[] row(
      String code, String name, int lots, int reporting, long total, long free, double occupancyRate) {
    String occupancy = Double.isNaN(occupancyRate) ? "-" : "%.1f %%".formatted(occupancyRate * 100);
    return new String[] {
      code, name, Integer.toString(lots), Integer.toString(reporting), Long.toString(total), Long.toString(free), occupancy
    };
  }

  private static void line(StringBuilder out, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      // Text columns to the left, numbers to the right.
      out.append(c < 2 ? DisplayWidth.padRight(cells[c], widths[c]) : DisplayWidth.padLeft(cells[c], widths[c]));
      out.append(c == cells.length - 1 ? "\n" : "  ");
    }
  }
}
