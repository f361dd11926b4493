package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The covers ledger against an oracle computed here, in Java, from the city this test generates:
 * units with and without targets, covers reporting, silent and never heard from, and alarms in
 * every state around the period (raised before it and still open, raised and resolved in it,
 * resolved after it, raised after it).
 */
class CoversReportApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  /** 2026-10-01 to 2026-10-31 in Asia/Shanghai: [2026-09-30T16:00Z, 2026-10-31T16:00Z). */
  static final Instant FROM = Instant.parse("2026-09-30T16:00:00Z");
  static final Instant TO = Instant.parse("2026-10-31T16:00:00Z");
  static final String PERIOD = "?from=2026-10-01&to=2026-10-31";

  record Alarm(String cover, Instant raised, Instant resolved) {}

  record Unit(String id, String name, String district, Integer target, int covers, int reporting,
      List<Alarm> alarms) {}

  private static final List<Unit> UNITS = new ArrayList<>();

  @BeforeAll
  static void generateCity() {
    CoverAlarmRows rows = new CoverAlarmRows(api.db());
    rows.district("410825");
    rows.district("410882");
    api.db().execute("UPDATE districts SET name = '温县' WHERE code = '410825'");
    String[] types = {"tilt", "open", "water", "gas", "battery", "silent"};
    for (int u = 1; u <= 9; u++) {
      String id = "U-%02d".formatted(u);
      // Two units share their figures exactly, so that they share a rank.
      int shape = u == 9 ? 8 : u;
      Random r = new Random(shape * 7919L);
      String district = u % 3 == 0 ? null : u % 3 == 1 ? "410825" : "410882";
      Integer target = u % 4 == 0 ? null : 100 * u;
      String name = u == 1 ? "温县住建局" : "Unit, \"" + u + "\"";
      api.db().execute("INSERT INTO units (id, name, district_code, cover_target) VALUES ('%s', '%s', %s, %s)"
          .formatted(id, name.replace("'", "''"), district == null ? "NULL" : "'" + district + "'", target));
      int covers = u == 7 ? 0 : 3 + r.nextInt(6);
      int reporting = 0;
      List<Alarm> alarms = new ArrayList<>();
      for (int c = 0; c < covers; c++) {
        String cover = "C-%02d-%02d".formatted(u, c);
        rows.cover(cover, id, district == null ? "410825" : district);
        int heard = r.nextInt(3);
        if (heard == 0) {
          // within twice the 600 s interval
          api.db().execute("UPDATE cover_state SET observed_at = now() - interval '5 minutes', "
              + "last_seen_at = now() - interval '5 minutes' WHERE cover_id = '" + cover + "'");
          reporting++;
        } else if (heard == 1) {
          api.db().execute("UPDATE cover_state SET observed_at = now() - interval '3 hours', "
              + "last_seen_at = now() - interval '3 hours' WHERE cover_id = '" + cover + "'");
        }
        for (int t = 0; t < 1 + r.nextInt(4); t++) {
          Instant raised = FROM.plus(r.nextInt(60 * 24 * 50) - 60 * 24 * 10, ChronoUnit.MINUTES);
          Instant resolved = r.nextInt(3) == 0 ? null : raised.plus(1 + r.nextInt(60 * 24 * 20), ChronoUnit.MINUTES);
          alarms.add(new Alarm(cover, raised, resolved));
          api.db().execute("""
              INSERT INTO cover_alarms (cover_id, type, status, active, raised_at, cleared_at, resolved_at, resolved_by)
              VALUES ('%s', '%s', '%s', %s, '%s', %s, %s, %s)""".formatted(cover, types[t],
              resolved == null ? "open" : "resolved", resolved == null,
              raised, resolved == null ? "NULL" : "'" + resolved + "'",
              resolved == null ? "NULL" : "'" + resolved + "'", resolved == null ? "NULL" : "'operator'"));
        }
      }
      UNITS.add(new Unit(id, name, district, target, covers, reporting, alarms));
    }
  }

  @Test
  void ledgerEqualsTheOracle() {
    JsonObject ledger = ApiFixture.json(api.get("/api/v1/reports/covers" + PERIOD, READER_TOKEN));

    assertThat(ledger.getString("from")).isEqualTo("2026-09-30T16:00:00.000Z");
    assertThat(ledger.getString("to")).isEqualTo("2026-10-31T16:00:00.000Z");
    JsonArray expected = new JsonArray();
    oracle().forEach(row -> expected.add(new JsonObject(row)));
    assertThat(ledger.getJsonArray("units")).isEqualTo(expected);
  }

  @Test
  void csvHasTheSameRowsInTheSameOrderWithABom() {
    HttpResponse<String> response = api.get("/api/v1/reports/covers" + PERIOD + "&format=csv", READER_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(response.body()).startsWith("\uFEFFrank,unit_id,unit,district,target,covers,");
    List<String> header = List.of("rank", "unit_id", "unit", "district", "target", "covers", "covers_reporting",
        "reporting_rate", "alarms_raised", "alarms_open", "alarms_resolved", "median_resolve_s");
    List<List<String>> parsed = Csv.parse(response.body().substring(1));
    assertThat(parsed.get(0)).isEqualTo(header);
    List<List<String>> expected = new ArrayList<>();
    for (Map<String, Object> row : oracle()) {
      expected.add(header.stream().map(column -> row.get(column) == null ? "" : row.get(column).toString()).toList());
    }
    assertThat(parsed.subList(1, parsed.size())).isEqualTo(expected);
  }

  @Test
  void acceptTextCsvAsksForCsv() {
    HttpResponse<String> response = api.send(api.request("/api/v1/reports/covers" + PERIOD, READER_TOKEN)
        .header("Accept", "text/csv").GET());

    assertThat(response.body()).startsWith("\uFEFFrank,");
    assertThat(response.body()).contains("温县住建局");
  }

  @Test
  void defaultPeriodIsThisCalendarMonthInChinaStandardTime() {
    JsonObject ledger = ApiFixture.json(api.get("/api/v1/reports/covers", READER_TOKEN));

    ZonedDateTime month = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"))
        .withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
    assertThat(Instant.parse(ledger.getString("from"))).isEqualTo(month.toInstant());
    assertThat(Instant.parse(ledger.getString("to"))).isEqualTo(month.plusMonths(1).toInstant());
  }

  @Test
  void fromAfterToIsRefusedNamingFrom() {
    assertThat(message("?from=2026-10-31&to=2026-10-01")).startsWith("from:");
  }

  @Test
  void aPeriodOver400DaysIsRefusedNamingTo() {
    assertThat(message("?from=2025-01-01&to=2026-03-01")).startsWith("to:").contains("400 days");
  }

  @Test
  void anUnreadableDateIsRefusedNamingIt() {
    assertThat(message("?from=2026-13-01")).startsWith("from:");
    assertThat(message("?format=xlsx")).startsWith("format:");
  }

  private static String message(String query) {
    return ApiFixture.assertError(api.get("/api/v1/reports/covers" + query, READER_TOKEN), 400, "bad_parameter")
        .getString("message");
  }

  /** The ledger as API.md defines it, computed from the generated city. */
  private static List<Map<String, Object>> oracle() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Unit u : UNITS) {
      Map<String, Object> row = new LinkedHashMap<>();
      double rate = u.covers() == 0 ? 0 : Math.round(10_000.0 * u.reporting() / u.covers()) / 10_000.0;
      List<Alarm> alive = u.alarms().stream()
          .filter(a -> a.raised().isBefore(TO) && (a.resolved() == null || !a.resolved().isBefore(FROM))).toList();
      List<Long> resolveSeconds = alive.stream()
          .filter(a -> a.resolved() != null && a.resolved().isBefore(TO))
          .map(a -> a.resolved().getEpochSecond() - a.raised().getEpochSecond()).sorted().toList();
      row.put("rank", null);
      row.put("unit_id", u.id());
      row.put("unit", u.name());
      row.put("district", u.district() == null ? null : u.district().equals("410825") ? "温县" : "District 410882");
      row.put("target", u.target());
      row.put("covers", u.covers());
      row.put("covers_reporting", u.reporting());
      row.put("reporting_rate", rate);
      row.put("alarms_raised", (int) alive.stream().filter(a -> !a.raised().isBefore(FROM)).count());
      row.put("alarms_open", (int) alive.stream().filter(a -> a.resolved() == null || !a.resolved().isBefore(TO)).count());
      row.put("alarms_resolved", resolveSeconds.size());
      row.put("median_resolve_s", median(resolveSeconds));
      rows.add(row);
    }
    rows.sort(Comparator.<Map<String, Object>>comparingDouble(r -> -(double) r.get("reporting_rate"))
        .thenComparingInt(r -> (int) r.get("alarms_open"))
        .thenComparing(r -> (String) r.get("unit_id")));
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> previous = i == 0 ? null : rows.get(i - 1);
      Map<String, Object> row = rows.get(i);
      boolean tie = previous != null && previous.get("reporting_rate").equals(row.get("reporting_rate"))
          && previous.get("alarms_open").equals(row.get("alarms_open"));
      row.put("rank", tie ? previous.get("rank") : i + 1);
    }
    return rows;
  }

  /** The median as PostgreSQL's percentile_cont(0.5) gives it, rounded half away from zero. */
  private static Long median(List<Long> sorted) {
    if (sorted.isEmpty()) {
      return null;
    }
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return Math.round(median);
  }
}
