package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/admin/rejected?since=&until=&device=&reason=&limit=&cursor=}. */
class RejectedApiTest {

  private static final String JANUARY = "/api/v1/admin/rejected?since=2026-01-01T00:00:00Z&until=2026-01-31T00:00:00Z";

  /** Now, for the API: within 31 days of what the tests ask for. */
  @RegisterExtension
  static final ApiFixture api =
      ApiFixture.withClock(Clock.fixed(Instant.parse("2026-01-31T00:00:00Z"), ZoneOffset.UTC));

  @BeforeAll
  static void seedRejections() {
    api.partitionsFor("2026-01-01", "2026-01-02", "2026-01-03", "2026-02-01");
    // Out of order on purpose: the answer is sorted by receive time, not by insertion.
    rejected("2026-01-01T12:00:00Z", "gw-2", "v1/lots/L-9/status", 0, "forbidden", "lot L-9 is not bound", "{}");
    rejected("2026-01-01T10:00:00Z", "gw-1", "v1/lots/L-1/status", 1, "malformed", "not JSON", "not json");
    rejected("2026-01-01T11:00:00Z", "gw-1", "v1/lots/L-1/status", 1, "invalid", "free > total", "{\"free\":500}");
    rejected("2026-01-02T00:00:00Z", "gw-2", "v1/lots/L-2/status", 1, "clock", "ts 2 days ahead", "{\"ts\":1}");
    rejected("2026-01-03T00:00:00Z", "big-1", "v1/lots/L-1/status", 1, "malformed", "not JSON", "x".repeat(10_000));
    // A burst within one millisecond, the case a cursor on the receive time alone would break.
    for (int n = 1; n <= 25; n++) {
      rejected("2026-02-01T00:00:00.123Z", "burst-1", "v1/lots/L-1/status", 1, "malformed",
          "n%02d".formatted(n), "x");
    }
  }

  @Test
  void answersEachRejectionWithItsReasonAndPayloadHashButNotThePayload() {
    JsonObject first = rejections(JANUARY + "&device=gw-1&reason=malformed").getJsonObject(0);

    assertThat(first).isEqualTo(new JsonObject()
        .put("received_at", "2026-01-01T10:00:00.000Z")
        .put("device_id", "gw-1")
        .put("topic", "v1/lots/L-1/status")
        .put("qos", 1)
        .put("reason", "malformed")
        .put("detail", "not JSON")
        .put("payload_sha256", sha256Hex("not json"))
        .put("payload_bytes", 8)
        .put("payload_stored_bytes", 8));
  }

  /** The store keeps the first 4 KiB of a payload and the hash and length of all of it (V12). */
  @Test
  void aLargePayloadShowsTheHashAndLengthOfTheWholeAndHowMuchIsStored() {
    JsonObject big = rejections(JANUARY + "&device=big-1").getJsonObject(0);

    assertThat(big.getString("payload_sha256")).isEqualTo(sha256Hex("x".repeat(10_000)));
    assertThat(big.getInteger("payload_bytes")).isEqualTo(10_000);
    assertThat(big.getInteger("payload_stored_bytes")).isEqualTo(4096);
  }

  /** A scan is bounded: an audit asks for a month at most. */
  @ParameterizedTest
  @CsvSource({
      "since=2025-12-30T23:59:59Z, now",
      "since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:01Z, until"})
  void sinceMoreThan31DaysBeforeItsEndIsRefusedNamingIt(String query, String end) {
    HttpResponse<String> response = api.get("/api/v1/admin/rejected?" + query, ADMIN_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message"))
        .startsWith("since:").contains("31 days before " + end);
  }

  @Test
  void sinceExactly31DaysBeforeItsEndIsAnswered() {
    assertThat(api.get("/api/v1/admin/rejected?since=2025-12-31T00:00:00Z", ADMIN_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void listsInReceiveOrderFromSinceUntilBeforeUntil() {
    assertThat(details(rejections(JANUARY))).containsExactly(
        "not JSON", "free > total", "lot L-9 is not bound", "ts 2 days ahead", "not JSON");
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    JsonArray rejected = rejections(
        "/api/v1/admin/rejected?since=2026-01-01T11:00:00Z&until=2026-01-02T00:00:00Z");

    assertThat(details(rejected)).containsExactly("free > total", "lot L-9 is not bound");
  }

  @Test
  void sinceMayCarryAnOffset() {
    JsonArray rejected = rejections("/api/v1/admin/rejected?since=2026-01-02T07:00:00%2B08:00&device=gw-2");

    assertThat(details(rejected)).containsExactly("ts 2 days ahead");
  }

  @Test
  void filtersByDevice() {
    assertThat(details(rejections(JANUARY + "&device=gw-2"))).containsExactly("lot L-9 is not bound", "ts 2 days ahead");
  }

  @Test
  void filtersByReason() {
    assertThat(details(rejections(JANUARY + "&reason=clock"))).containsExactly("ts 2 days ahead");
  }

  @Test
  void pagesThroughRejectionsOfOneMillisecondWithoutGapsOrRepeats() {
    List<String> walked = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = page("/api/v1/admin/rejected?since=2026-02-01T00:00:00Z&limit=4"
          + (cursor == null ? "" : "&cursor=" + cursor));
      walked.addAll(details(page.getJsonArray("rejected")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);

    assertThat(walked).containsExactlyElementsOf(IntStream.rangeClosed(1, 25).mapToObj("n%02d"::formatted).toList());
  }

  @Test
  void pageWithinTheLimitHasNoNextCursor() {
    JsonObject page = page(JANUARY + "&limit=5");

    assertThat(page.getJsonArray("rejected")).hasSize(5);
    assertThat(page.getValue("next_cursor")).isNull();
  }

  @ParameterizedTest
  @CsvSource({
      "'', since",
      "until=2026-01-02T00:00:00Z, since",
      "since=2026-01-01, since",
      "since=yesterday, since",
      "since=2026-01-01T00:00:00, since",
      "since=2026-01-01T00:00:00Z&until=soon, until",
      "since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z, until",
      "since=2026-01-01T00:00:00Z&reason=rude, reason",
      "since=2026-01-01T00:00:00Z&device=gw%2F1, device",
      "since=2026-01-01T00:00:00Z&limit=0, limit",
      "since=2026-01-01T00:00:00Z&limit=10001, limit",
      "since=2026-01-01T00:00:00Z&cursor=!!, cursor",
      "since=2026-01-01T00:00:00Z&cursor=WyJMLWEiXQ, cursor",
      "since=2026-01-01T00:00:00Z&payload=1, payload"})
  void badParameterIsRefusedNamingIt(String query, String parameter) {
    HttpResponse<String> response = api.get("/api/v1/admin/rejected?" + query, ADMIN_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith(parameter + ":");
  }

  private static void rejected(String receivedAt, String device, String topic, int qos, String reason, String detail,
      String payload) {
    api.db().execute("""
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        VALUES ('%s', '%s', '%s', %d, '%s', '%s', convert_to('%s', 'UTF8'))"""
        .formatted(receivedAt, device, topic, qos, reason, detail, payload));
  }

  private static JsonObject page(String path) {
    HttpResponse<String> response = api.get(path, ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject page = ApiFixture.json(response);
    assertThat(page.fieldNames()).containsExactlyInAnyOrder("rejected", "next_cursor");
    return page;
  }

  private static JsonArray rejections(String path) {
    return page(path).getJsonArray("rejected");
  }

  private static List<String> details(JsonArray rejected) {
    List<String> details = new ArrayList<>();
    rejected.forEach(row -> details.add(((JsonObject) row).getString("detail")));
    return details;
  }

  private static String sha256Hex(String payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
