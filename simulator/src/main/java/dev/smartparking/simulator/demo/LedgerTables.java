package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bureau's two ledgers as the API reports them (GET /api/v1/reports/covers and /onboarding),
 * printed shaped like the city's own, and compared with what the simulator knows: each unit's
 * covers and target from the city it provisioned, each district's lots from it, and which lots
 * are onboarded from the run's ledger (a lot with an acknowledged status or bays message has
 * reported; one whose messages went unanswered may have). Reporting figures and alarm columns
 * depend on the moment they are read, and are checked by the API's own tests against an oracle.
 */
final class LedgerTables {

  private final JsonObject covers;
  private final JsonObject onboarding;

  private LedgerTables(JsonObject covers, JsonObject onboarding) {
    this.covers = covers;
    this.onboarding = onboarding;
  }

  static LedgerTables read(ApiClient reader) throws ApiFailure {
    return of(reader.getJson("/api/v1/reports/covers"), reader.getJson("/api/v1/reports/onboarding"));
  }

  /** From the two answers as the API gave them. */
  static LedgerTables of(JsonObject covers, JsonObject onboarding) {
    return new LedgerTables(covers, onboarding);
  }

  String render() {
    List<List<String>> units = new ArrayList<>();
    for (JsonObject u : rows(covers, "units")) {
      units.add(List.of(text(u, "rank"), u.getString("unit"), text(u, "district"), text(u, "target"), text(u, "covers"),
          text(u, "covers_reporting"), percent(u, "reporting_rate"), text(u, "alarms_raised"), text(u, "alarms_open"),
          text(u, "alarms_resolved")));
    }
    List<List<String>> districts = new ArrayList<>();
    for (JsonObject d : rows(onboarding, "districts")) {
      districts.add(List.of(text(d, "rank"), d.getString("name"), text(d, "lots"), text(d, "lots_onboarded"),
          text(d, "lots_reporting"), percent(d, "onboarding_rate"), percent(d, "reporting_rate")));
    }
    return "covers ledger, " + covers.getString("from") + " to " + covers.getString("to") + ":\n"
        + TextTable.render(List.of("rank", "unit", "district", "target", "covers", "reporting", "rate", "raised",
            "open", "resolved"), units, 3)
        + "\nonboarding ledger:\n"
        + TextTable.render(List.of("rank", "district", "lots", "onboarded", "reporting", "onboarded %", "reporting %"),
            districts, 2);
  }

  /** Where the ledgers disagree with the simulator's truth; empty when they agree. */
  List<String> differences(City city, List<LedgerEntry> ledger) {
    List<String> differences = new ArrayList<>();
    Map<String, JsonObject> unitRows = byKey(rows(covers, "units"), "unit_id");
    Map<String, Integer> coversByUnit = new HashMap<>();
    for (Cover cover : city.covers()) {
      coversByUnit.merge(cover.unitId(), 1, Integer::sum);
    }
    for (Unit unit : city.units()) {
      JsonObject row = unitRows.get(unit.id());
      if (row == null) {
        differences.add("covers ledger: no row for unit " + unit.id());
        continue;
      }
      expect(differences, "covers ledger: unit " + unit.id() + " covers", coversByUnit.getOrDefault(unit.id(), 0),
          row.getInteger("covers"));
      expect(differences, "covers ledger: unit " + unit.id() + " target",
          unit.coverTarget().isPresent() ? unit.coverTarget().getAsInt() : null, row.getInteger("target"));
    }
    Set<String> reported = new HashSet<>();
    Set<String> mayHaveReported = new HashSet<>();
    for (LedgerEntry entry : ledger) {
      if (entry.lot() == null || !entry.expectsAccepted()) {
        continue;
      }
      if (entry.ackedAsAccepted()) {
        reported.add(entry.lot().lotId());
      } else if (entry.answer() == Answer.UNANSWERED || entry.answer() == Answer.CLOSED) {
        mayHaveReported.add(entry.lot().lotId());
      }
    }
    Map<String, JsonObject> districtRows = byKey(rows(onboarding, "districts"), "district");
    Map<String, List<Lot>> lotsByDistrict = new HashMap<>();
    city.lots().forEach(lot -> lotsByDistrict.computeIfAbsent(lot.districtCode(), d -> new ArrayList<>()).add(lot));
    lotsByDistrict.forEach((district, lots) -> {
      JsonObject row = districtRows.get(district);
      if (row == null) {
        differences.add("onboarding ledger: no row for district " + district);
        return;
      }
      expect(differences, "onboarding ledger: district " + district + " lots", lots.size(), row.getInteger("lots"));
      long surely = lots.stream().filter(l -> reported.contains(l.id())).count();
      long perhaps = lots.stream().filter(l -> mayHaveReported.contains(l.id()) && !reported.contains(l.id())).count();
      long onboarded = row.getLong("lots_onboarded");
      if (onboarded < surely || onboarded > surely + perhaps) {
        differences.add("onboarding ledger: district %s has %d lots onboarded; the run's acknowledged messages say %d%s"
            .formatted(district, onboarded, surely, perhaps == 0 ? "" : " (up to %d with unanswered ones)".formatted(surely + perhaps)));
      }
    });
    return differences;
  }

  private static void expect(List<String> differences, String what, Integer expected, Integer reported) {
    if (!Objects.equals(expected, reported)) {
      differences.add(what + ": the API reports " + reported + ", expected " + expected);
    }
  }

  private static List<JsonObject> rows(JsonObject answer, String key) {
    List<JsonObject> rows = new ArrayList<>();
    answer.getJsonArray(key).forEach(row -> rows.add((JsonObject) row));
    return rows;
  }

  private static Map<String, JsonObject> byKey(List<JsonObject> rows, String key) {
    Map<String, JsonObject> map = new HashMap<>();
    rows.forEach(row -> map.put(row.getString(key), row));
    return map;
  }

  private static String text(JsonObject row, String key) {
    Object value = row.getValue(key);
    return value == null ? "-" : value.toString();
  }

  private static String percent(JsonObject row, String key) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * row.getDouble(key));
  }
}
