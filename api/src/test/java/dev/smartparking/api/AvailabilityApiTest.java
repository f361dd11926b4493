package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/availability} over a city where district 410802 has two reporting lots
 * and one of each way of not reporting: closed, offline (silent longer than lots.offline-after)
 * and never reported.
 */
class AvailabilityApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seedCity() {
    Duration offline = ApiFixture.OFFLINE_AFTER;

    api.district("410802", "解放区");
    api.lot("A-open", "410802", 200);
    api.state("A-open", 200, 50, false, Duration.ZERO);
    api.lot("A-open-quiet", "410802", 100);
    api.state("A-open-quiet", 100, 30, false, offline.minusMinutes(1));
    api.lot("A-closed", "410802", 80);
    api.state("A-closed", 80, 80, true, Duration.ZERO);
    api.lot("A-offline", "410802", 60);
    api.state("A-offline", 60, 0, false, offline.plusMinutes(1));
    api.lot("A-never", "410802", 40);

    api.district("410803", "山阳区");
    api.lot("B-never", "410803", 300);
    api.lot("B-closed", "410803", 20);
    api.state("B-closed", 20, 5, true, Duration.ZERO);

    api.district("410804", "中站区");
    api.lot("C-open", "410804", 10);
    api.state("C-open", 10, 1, false, Duration.ofSeconds(5));

    api.district("410805", "马村区");
    // Changes reach the view in commit order: once the last one shows, all of them do.
    api.await("/api/v1/availability", city -> city.getJsonArray("districts").size() == 4);
  }

  @Test
  void districtCountsEveryLotButSumsOnlyReportingOnes() {
    JsonObject district = district("410802");

    assertThat(district.getLong("lots")).isEqualTo(5);
    assertThat(district.getLong("lots_reporting")).isEqualTo(2);
    assertThat(district.getLong("total")).isEqualTo(300);
    assertThat(district.getLong("free")).isEqualTo(80);
  }

  @Test
  void cityTotalsSumOnlyReportingLotsOfEveryDistrict() {
    JsonObject city = availability();

    assertThat(city.getLong("lots")).isEqualTo(8);
    assertThat(city.getLong("lots_reporting")).isEqualTo(3);
    assertThat(city.getLong("total")).isEqualTo(310);
    assertThat(city.getLong("free")).isEqualTo(81);
  }

  @Test
  void occupancyRateIsOccupiedShareRoundedToThreeDecimals() {
    // (300 - 80) / 300 = 0.7333…, (10 - 1) / 10 = 0.9, city (310 - 81) / 310 = 0.73870…
    assertThat(district("410802").getDouble("occupancy_rate")).isEqualTo(0.733);
    assertThat(district("410804").getDouble("occupancy_rate")).isEqualTo(0.9);
    assertThat(availability().getDouble("occupancy_rate")).isEqualTo(0.739);
  }

  @Test
  void occupancyRateIsNullWhenNoLotReports() {
    JsonObject district = district("410803");

    assertThat(district.getLong("lots")).isEqualTo(2);
    assertThat(district.getLong("total")).isZero();
    assertThat(district.containsKey("occupancy_rate")).isTrue();
    assertThat(district.getValue("occupancy_rate")).isNull();
  }

  @Test
  void districtWithoutLotsIsListedWithZeros() {
    JsonObject district = district("410805");

    assertThat(district.getString("name")).isEqualTo("马村区");
    assertThat(district.getLong("lots")).isZero();
    assertThat(district.getLong("lots_reporting")).isZero();
    assertThat(district.getLong("free")).isZero();
    assertThat(district.getValue("updated_at")).isNull();
  }

  @Test
  void listsEveryDistrictOnceInCodeOrder() {
    JsonArray districts = availability().getJsonArray("districts");

    assertThat(districts.stream().map(d -> ((JsonObject) d).getString("code")))
        .containsExactly("410802", "410803", "410804", "410805");
  }

  @Test
  void updatedAtIsRfc3339Utc() {
    assertThat(availability().getString("updated_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  private static JsonObject availability() {
    HttpResponse<String> response = api.get("/api/v1/availability", READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }

  private static JsonObject district(String code) {
    return availability().getJsonArray("districts").stream()
        .map(JsonObject.class::cast)
        .filter(d -> d.getString("code").equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no district " + code));
  }
}
