package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The onboarding ledger against an oracle computed here from the lots this test generates in
 * several districts: never heard from, reporting now (open or closed), and silent past
 * {@code lots.offline-after} ({@link ApiFixture#OFFLINE_AFTER}).
 */
class OnboardingReportApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  enum Heard { NEVER, NOW, NOW_CLOSED, LONG_AGO }

  record Lot(String id, String district, Heard heard) {}

  private static final List<Lot> LOTS = new ArrayList<>();
  private static final Map<String, String> DISTRICTS = new LinkedHashMap<>();

  @BeforeAll
  static void generateLots() {
    Random random = new Random(410882);
    DISTRICTS.put("410802", "解放区");
    DISTRICTS.put("410882", "沁阳市");
    DISTRICTS.put("410821", "修武县");
    DISTRICTS.put("410899", "Empty, \"new\" district");
    DISTRICTS.forEach(api::district);
    for (String district : List.of("410802", "410882", "410821")) {
      for (int i = 0; i < 4 + random.nextInt(8); i++) {
        String id = "L-" + district + "-" + i;
        api.lot(id, district, 100);
        Heard heard = Heard.values()[random.nextInt(Heard.values().length)];
        switch (heard) {
          case NEVER -> { }
          case NOW -> api.state(id, 100, 10, false, Duration.ofMinutes(1));
          case NOW_CLOSED -> api.state(id, 100, 0, true, Duration.ofMinutes(1));
          case LONG_AGO -> api.state(id, 100, 10, false, ApiFixture.OFFLINE_AFTER.plusHours(2));
        }
        LOTS.add(new Lot(id, district, heard));
      }
    }
  }

  @Test
  void districtLedgerEqualsTheOracle() {
    JsonObject ledger = ApiFixture.json(api.get("/api/v1/reports/onboarding", READER_TOKEN));

    JsonArray expected = new JsonArray();
    oracle().forEach(row -> expected.add(new JsonObject(row)));
    assertThat(ledger.getJsonArray("districts")).isEqualTo(expected);
  }

  @Test
  void districtLedgerAsCsvHasTheSameRows() {
    HttpResponse<String> response = api.get("/api/v1/reports/onboarding?format=csv", READER_TOKEN);

    List<String> header = List.of("rank", "district", "name", "lots", "lots_onboarded", "lots_reporting",
        "onboarding_rate", "reporting_rate");
    List<List<String>> parsed = Csv.parse(response.body().substring(1));
    assertThat(response.body()).startsWith("\uFEFF");
    assertThat(parsed.get(0)).isEqualTo(header);
    List<List<String>> expected = new ArrayList<>();
    for (Map<String, Object> row : oracle()) {
      expected.add(header.stream().map(column -> row.get(column).toString()).toList());
    }
    assertThat(parsed.subList(1, parsed.size())).isEqualTo(expected);
  }

  @Test
  void oneDistrictListsItsLotsWithFirstAndLastSeenAndState() {
    JsonObject ledger = ApiFixture.json(api.get("/api/v1/reports/onboarding?district=410882", READER_TOKEN));

    assertThat(ledger.getString("district")).isEqualTo("410882");
    assertThat(ledger.getString("name")).isEqualTo("沁阳市");
    List<Lot> lots = LOTS.stream().filter(l -> l.district().equals("410882"))
        .sorted(Comparator.comparing(Lot::id)).toList();
    JsonArray rows = ledger.getJsonArray("lots");
    assertThat(rows.stream().map(r -> ((JsonObject) r).getString("lot_id")).toList())
        .isEqualTo(lots.stream().map(Lot::id).toList());
    for (int i = 0; i < lots.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      Heard heard = lots.get(i).heard();
      assertThat(row.getString("state")).as(row.encode()).isEqualTo(switch (heard) {
        case NEVER -> "unknown";
        case NOW -> "open";
        case NOW_CLOSED -> "closed";
        case LONG_AGO -> "offline";
      });
      assertThat(row.getString("first_seen_at") == null).as(row.encode()).isEqualTo(heard == Heard.NEVER);
      assertThat(row.getString("last_seen_at") == null).as(row.encode()).isEqualTo(heard == Heard.NEVER);
    }
  }

  @Test
  void anUnknownDistrictIsRefusedNamingTheParameter() {
    assertThat(ApiFixture.assertError(api.get("/api/v1/reports/onboarding?district=419999", READER_TOKEN), 400,
        "bad_parameter").getString("message")).startsWith("district: unknown district '419999'");
  }

  private static List<Map<String, Object>> oracle() {
    List<Map<String, Object>> rows = new ArrayList<>();
    DISTRICTS.forEach((code, name) -> {
      List<Lot> lots = LOTS.stream().filter(l -> l.district().equals(code)).toList();
      long onboarded = lots.stream().filter(l -> l.heard() != Heard.NEVER).count();
      long reporting = lots.stream().filter(l -> l.heard() == Heard.NOW || l.heard() == Heard.NOW_CLOSED).count();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rank", 0);
      row.put("district", code);
      row.put("name", name);
      row.put("lots", lots.size());
      row.put("lots_onboarded", onboarded);
      row.put("lots_reporting", reporting);
      row.put("onboarding_rate", rate(onboarded, lots.size()));
      row.put("reporting_rate", rate(reporting, lots.size()));
      rows.add(row);
    });
    rows.sort(Comparator.<Map<String, Object>>comparingDouble(r -> -(double) r.get("onboarding_rate"))
        .thenComparingDouble(r -> -(double) r.get("reporting_rate"))
        .thenComparing(r -> (String) r.get("district")));
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> previous = i == 0 ? null : rows.get(i - 1);
      Map<String, Object> row = rows.get(i);
      boolean tie = previous != null && previous.get("onboarding_rate").equals(row.get("onboarding_rate"))
          && previous.get("reporting_rate").equals(row.get("reporting_rate"));
      row.put("rank", tie ? previous.get("rank") : i + 1);
    }
    return rows;
  }

  private static double rate(long part, int whole) {
    return whole == 0 ? 0.0 : Math.round(10_000.0 * part / whole) / 10_000.0;
  }
}
