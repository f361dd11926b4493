package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /api/v1/lots/{lotId}/occupancy} over per-minute rows written straight into
 * lot_occupancy_minutes (the triggers that write them in production have tests of their own).
 */
class OccupancyApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seedMinutes() {
    api.partitionsFor("2026-11-23");
    api.district("410802", "解放区");
    api.lot("Q-1", "410802", 100);
    api.lot("Q-quiet", "410802", 10);
    minute("Q-1", "2026-11-23T08:00:00Z", 40, 50, 45, 100);
    minute("Q-1", "2026-11-23T08:01:00Z", 30, 44, 35, 100);
    minute("Q-1", "2026-11-23T08:04:00Z", 35, 60, 60, 100);
    minute("Q-1", "2026-11-23T08:05:00Z", 20, 60, 25, 100);
    minute("Q-1", "2026-11-23T08:17:00Z", 10, 25, 10, 80);
    minute("Q-1", "2026-11-23T09:30:00Z", 50, 50, 50, 100);
    minute("Q-1", "2026-11-23T10:00:00Z", 0, 0, 0, 0);
  }

  private static void minute(String lot, String minute, int freeMin, int freeMax, int freeLast, int total) {
    api.db().execute("""
        INSERT INTO lot_occupancy_minutes (lot_id, minute, free_min, free_max, free_last, total_last, samples)
        VALUES ('%s', '%s', %d, %d, %d, %d, 1)""".formatted(lot, minute, freeMin, freeMax, freeLast, total));
  }

  @Test
  void oneMinuteStepGivesEachStoredMinute() {
    JsonObject series = series("Q-1", "from=2026-11-23T08:00:00Z&to=2026-11-23T09:00:00Z&step=1m");

    assertThat(ats(series)).containsExactly("2026-11-23T08:00:00.000Z", "2026-11-23T08:01:00.000Z",
        "2026-11-23T08:04:00.000Z", "2026-11-23T08:05:00.000Z", "2026-11-23T08:17:00.000Z");
    assertThat(series.getJsonArray("points").getJsonObject(1)).isEqualTo(new JsonObject()
        .put("at", "2026-11-23T08:01:00.000Z").put("free_min", 30).put("free_max", 44).put("free_last", 35)
        .put("total", 100).put("occupancy_rate", 0.65));
  }

  @Test
  void fiveMinuteStepsGatherTheMinutesOfEachClockAlignedStep() {
    JsonObject series = series("Q-1", "from=2026-11-23T08:00:00Z&to=2026-11-23T09:00:00Z&step=5m");

    assertThat(series.getJsonArray("points")).containsExactly(
        point("2026-11-23T08:00:00.000Z", 30, 60, 60, 100, 0.4),
        point("2026-11-23T08:05:00.000Z", 20, 60, 25, 100, 0.75),
        point("2026-11-23T08:15:00.000Z", 10, 25, 10, 80, 0.875));
  }

  @Test
  void hourStepTakesTheLastMinuteOfTheHourAsItsLastValue() {
    JsonObject series = series("Q-1", "from=2026-11-23T08:00:00Z&to=2026-11-23T10:00:00Z&step=1h");

    assertThat(series.getJsonArray("points")).containsExactly(
        point("2026-11-23T08:00:00.000Z", 10, 60, 10, 80, 0.875),
        point("2026-11-23T09:00:00.000Z", 50, 50, 50, 100, 0.5));
  }

  @Test
  void dayStepIsOneUtcDay() {
    JsonObject series = series("Q-1", "from=2026-11-23T00:00:00Z&to=2026-11-24T00:00:00Z&step=1d");

    assertThat(series.getJsonArray("points")).containsExactly(
        new JsonObject().put("at", "2026-11-23T00:00:00.000Z").put("free_min", 0).put("free_max", 60)
            .put("free_last", 0).put("total", 0).put("occupancy_rate", null));
  }

  @Test
  void fromIsIncludedAndToIsNot() {
    JsonObject series = series("Q-1", "from=2026-11-23T08:01:00Z&to=2026-11-23T08:05:00Z&step=1m");

    assertThat(ats(series)).containsExactly("2026-11-23T08:01:00.000Z", "2026-11-23T08:04:00.000Z");
  }

  @Test
  void answerNamesTheLotStepAndSpanInUtc() {
    JsonObject series = series("Q-1", "from=" + encode("2026-11-23T16:00:00+08:00") + "&to=2026-11-23T09:00:00Z");

    assertThat(series.getString("lot_id")).isEqualTo("Q-1");
    assertThat(series.getString("step")).isEqualTo("5m");
    assertThat(series.getString("from")).isEqualTo("2026-11-23T08:00:00.000Z");
    assertThat(series.getString("to")).isEqualTo("2026-11-23T09:00:00.000Z");
  }

  @Test
  void withoutParametersItIsTheLast24HoursInFiveMinuteSteps() {
    api.lot("Q-now", "410802", 10);
    api.db().execute("""
        INSERT INTO lot_occupancy_minutes (lot_id, minute, free_min, free_max, free_last, total_last, samples)
        VALUES ('Q-now', date_trunc('minute', now() - interval '23 hours'), 1, 2, 2, 10, 1),
               ('Q-now', date_trunc('minute', now() - interval '25 hours'), 1, 2, 2, 10, 1)""");

    JsonObject series = series("Q-now", "");

    assertThat(series.getString("step")).isEqualTo("5m");
    Instant to = Instant.parse(series.getString("to"));
    assertThat(Duration.between(to, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertThat(Duration.between(Instant.parse(series.getString("from")), to)).isEqualTo(Duration.ofHours(24));
    assertThat(series.getJsonArray("points")).hasSize(1);
  }

  @Test
  void lotWithoutMinutesInTheSpanHasNoPoints() {
    JsonObject series = series("Q-quiet", "from=2026-11-23T08:00:00Z&to=2026-11-23T09:00:00Z");

    assertThat(series.getJsonArray("points")).isEmpty();
  }

  @Test
  void unknownLotIsNotFound() {
    HttpResponse<String> response = api.get("/api/v1/lots/Q-nowhere/occupancy", READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 404, "not_found").getString("message")).contains("Q-nowhere");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "step=2m | step",
      "step= | step",
      "from=yesterday | from",
      "to=2026-11-23 08:00 | to",
      "from=2026-11-23T08:00:00 | from",
      "from=2026-11-23T09:00:00Z&to=2026-11-23T09:00:00Z | to",
      "from=2026-11-23T09:00:00Z&to=2026-11-23T08:00:00Z | to",
      "from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z&step=1m | step"})
  void badParameterIsA400NamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/lots/Q-1/occupancy?" + query.replace(" ", "%20"), READER_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  @Test
  void tenThousandPointsAreAllowed() {
    // 2026-11-01T00:00Z plus 10,000 minutes
    HttpResponse<String> response = api.get(
        "/api/v1/lots/Q-1/occupancy?from=2026-11-01T00:00:00Z&to=2026-11-07T22:40:00Z&step=1m", READER_TOKEN);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void readerTokenIsRequired() {
    ApiFixture.assertError(api.get("/api/v1/lots/Q-1/occupancy"), 401, "unauthorized");
  }

  private static JsonObject series(String lot, String query) {
    HttpResponse<String> response = api.get("/api/v1/lots/" + lot + "/occupancy?" + query, READER_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }

  private static List<String> ats(JsonObject series) {
    return series.getJsonArray("points").stream().map(p -> ((JsonObject) p).getString("at")).toList();
  }

  private static JsonObject point(String at, int freeMin, int freeMax, int freeLast, int total, double rate) {
    return new JsonObject().put("at", at).put("free_min", freeMin).put("free_max", freeMax)
        .put("free_last", freeLast).put("total", total).put("occupancy_rate", rate);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
