package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.availability.DisplayWidth;
import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.verify.AlarmEvent;
import dev.smartparking.simulator.verify.AlarmRecord;
import dev.smartparking.simulator.verify.RunAlarms;
import dev.smartparking.simulator.webhook.Delivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's cover alarms per responsible unit, as the API shows them and the units' receivers got
 * them: alarm.raised events (a cleared alarm raised again counts again), alarms still open and
 * active, alarm.cleared events, and distinct events each unit's receiver took.
 */
final class AlarmTable {

  private static final String[] HEADINGS = {"unit", "name", "raised", "open", "cleared", "delivered"};

  private AlarmTable() {}

  private static final class Row {
    int raised;
    int open;
    int cleared;
    final Set<String> delivered = new HashSet<>();

    String[] cells(String id, String name) {
      return new String[] {
        id, name, Integer.toString(raised), Integer.toString(open), Integer.toString(cleared), Integer.toString(delivered.size())
      };
    }
  }

  static String render(List<Unit> units, RunAlarms alarms) {
    Instant since = alarms.since();
    Map<String, Row> byUnit = new HashMap<>();
    units.forEach(u -> byUnit.put(u.id(), new Row()));
    Row city = new Row();
    Map<AlarmType, Integer> raisedByType = new EnumMap<>(AlarmType.class);
    for (AlarmRecord alarm : alarms.alarms()) {
      Row row = byUnit.computeIfAbsent(alarm.unitId(), u -> new Row());
      if (!alarm.resolved() && alarm.active()) {
        row.open++;
        city.open++;
      }
      for (AlarmEvent event : alarm.events()) {
        if (event.occurredAt().isBefore(since)) {
          continue;
        }
        if (event.raised()) {
          row.raised++;
          city.raised++;
          raisedByType.merge(alarm.type(), 1, Integer::sum);
        } else if (event.cleared()) {
          row.cleared++;
          city.cleared++;
        }
      }
    }
    int duplicates = 0;
    int refused = 0;
    for (Delivery delivery : alarms.receipts().map(RunAlarms.Receipts::deliveries).orElse(List.of())) {
      Row row = delivery.unitId() == null ? null : byUnit.get(delivery.unitId());
      if (row == null || !delivery.taken() || delivery.eventIdHeader() == null) {
        refused += row != null && !delivery.taken() ? 1 : 0;
        continue;
      }
      if (!row.delivered.add(delivery.eventIdHeader())) {
        duplicates++;
      }
      city.delivered.add(delivery.eventIdHeader());
    }

    List<String[]> rows = new ArrayList<>();
    for (Unit unit : units) {
      rows.add(byUnit.get(unit.id()).cells(unit.id(), unit.name()));
    }
    String[] total = city.cells("city", "");
    int[] widths = new int[HEADINGS.length];
    for (int c = 0; c < HEADINGS.length; c++) {
      widths[c] = Math.max(DisplayWidth.of(HEADINGS[c]), DisplayWidth.of(total[c]));
      for (String[] row : rows) {
        widths[c] = Math.max(widths[c], DisplayWidth.of(row[c]));
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, HEADINGS, widths);
    int ruleWidth = -2;
    for (int w : widths) {
      ruleWidth += w + 2;
    }
    String rule = "-".repeat(ruleWidth) + "\n";
    out.append(rule);
    rows.forEach(row -> line(out, row, widths));
    out.append(rule);
    line(out, total, widths);
    StringBuilder types = new StringBuilder();
    for (AlarmType type : AlarmType.values()) {
      types.append(types.length() == 0 ? "" : ", ").append(type.wireName()).append(' ').append(raisedByType.getOrDefault(type, 0));
    }
    out.append("raised by type: ").append(types).append('\n');
    if (alarms.receipts().isPresent()) {
      out.append(
          "webhooks: %d events delivered, %d duplicates on the wire, %d attempts refused by the receivers%s\n"
              .formatted(city.delivered.size(), duplicates, refused, alarms.receipts().get().settled() ? "" : " (still delivering when the table was read)"));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] widths) {
    for (int c = 0; c < cells.length; c++) {
      out.append(c < 2 ? DisplayWidth.padRight(cells[c], widths[c]) : DisplayWidth.padLeft(cells[c], widths[c]));
      out.append(c == cells.length - 1 ? "\n" : "  ");
    }
  }
}
