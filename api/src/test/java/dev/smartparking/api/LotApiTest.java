package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/lots/{lotId}}. */
class LotApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seedLots() {
    api.district("410802", "解放区");
    api.lot("L-open", "410802", 420);
    api.state("L-open", 400, 37, false, Duration.ofSeconds(30));
    api.lot("L-quiet", "410802", 50);
    api.state("L-quiet", 50, 5, false, ApiFixture.OFFLINE_AFTER.minusMinutes(1));
    api.lot("L-closed", "410802", 100);
    api.state("L-closed", 100, 100, true, Duration.ZERO);
    api.lot("L-offline", "410802", 60);
    api.state("L-offline", 60, 12, false, ApiFixture.OFFLINE_AFTER.plusMinutes(1));
    api.lot("L-never", "410802", 40);
    // Changes reach the view in commit order: once the last one shows, all of them do.
    api.await("/api/v1/lots/L-never", lot -> true);
  }

  @Test
  void answersTheLotAsApiMdDescribesIt() {
    JsonObject lot = lot("L-open");

    assertThat(lot.getString("id")).isEqualTo("L-open");
    assertThat(lot.getString("name")).isEqualTo("Lot L-open");
    assertThat(lot.getString("district")).isEqualTo("410802");
    assertThat(lot.getJsonObject("location")).isEqualTo(new JsonObject().put("lat", 35.24).put("lon", 113.24));
    assertThat(lot.getInteger("total")).isEqualTo(400);
    assertThat(lot.getInteger("free")).isEqualTo(37);
  }

  @Test
  void timesAreRfc3339UtcAndLastSeenIsTheServerTime() {
    JsonObject lot = lot("L-open");

    assertThat(lot.getString("updated_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    Instant lastSeen = Instant.parse(lot.getString("last_seen_at"));
    Instant updated = Instant.parse(lot.getString("updated_at"));
    assertThat(Duration.between(lastSeen, Instant.now())).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(90));
    assertThat(Duration.between(updated, lastSeen)).isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest
  @CsvSource({
      "L-open, open",
      "L-quiet, open",
      "L-closed, closed",
      "L-offline, offline",
      "L-never, unknown"})
  void stateTellsWhetherTheLotReports(String lotId, String state) {
    assertThat(lot(lotId).getString("state")).isEqualTo(state);
  }

  @Test
  void neverReportedLotHasNoFreeCountNorTimes() {
    JsonObject lot = lot("L-never");

    assertThat(lot.getValue("free")).isNull();
    assertThat(lot.getValue("updated_at")).isNull();
    assertThat(lot.getValue("last_seen_at")).isNull();
  }

  @Test
  void unknownLotIsNotFound() {
    HttpResponse<String> response = api.get("/api/v1/lots/L-nowhere", READER_TOKEN);

    JsonObject error = ApiFixture.assertError(response, 404, "not_found");
    assertThat(error.getString("message")).contains("L-nowhere");
  }

  @ParameterizedTest
  @ValueSource(strings = {"L+1", "L%231", "L%2F1", "L%201"})
  void invalidLotIdIsABadParameterNamingLotId(String lotId) {
    HttpResponse<String> response = api.get("/api/v1/lots/" + lotId, READER_TOKEN);

    JsonObject error = ApiFixture.assertError(response, 400, "bad_parameter");
    assertThat(error.getString("message")).startsWith("lotId");
  }

  @Test
  void lotIdLongerThan64CharactersIsABadParameter() {
    HttpResponse<String> response = api.get("/api/v1/lots/" + "L".repeat(65), READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith("lotId");
  }

  private static JsonObject lot(String id) {
    HttpResponse<String> response = api.get("/api/v1/lots/" + id, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }
}
