package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static dev.smartparking.api.CoverAlarmRows.eventId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.SseClient.Event;
import dev.smartparking.api.cover.stream.AlarmStreamSettings;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/covers/alarms/stream}: alarm events as Server-Sent Events, live and resumed.
 * Tests share the database; each follows its own unit, so others' events do not reach it.
 */
class AlarmStreamApiTest {

  /** A heartbeat short enough to see; the rest as deployed. */
  private static final AlarmStreamSettings SETTINGS = new AlarmStreamSettings(
      Duration.ofMillis(300), AlarmStreamSettings.DEFAULT.maxQueuedBytes(), AlarmStreamSettings.DEFAULT.poll());
  /** How long a stream is watched for an event that must not come. */
  private static final Duration QUIET = Duration.ofMillis(700);

  @RegisterExtension
  static final ApiFixture api = ApiFixture.withAlarmStream(SETTINGS);
  private static CoverAlarmRows rows;

  @BeforeAll
  static void seedCovers() {
    rows = new CoverAlarmRows(api.db());
    for (String unit : List.of("U-order", "U-other", "U-resume", "U-late", "U-held", "U-filter", "U-quiet")) {
      rows.unit(unit, "Unit " + unit, "410825");
      rows.cover("C-" + unit.substring(2) + "-1", unit, "410825");
      rows.cover("C-" + unit.substring(2) + "-2", unit, "410825");
    }
    rows.unit("U-elsewhere", "Unit elsewhere", "410811");
    rows.cover("C-elsewhere-1", "U-elsewhere", "410811");
  }

  @Test
  void clientSeesEveryChangeInOrderAsTheEventsWebhooksGet() {
    try (SseClient stream = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-order")) {
      long alarm = rows.raise("C-order-1", "tilt");
      rows.clear(alarm);
      api.post("/api/v1/covers/alarms/" + alarmId(alarm) + "/ack", OPERATOR_TOKEN, "{\"note\": \"on it\"}");
      api.post("/api/v1/covers/alarms/" + alarmId(alarm) + "/resolve", OPERATOR_TOKEN, "");

      List<Event> events = stream.next(4);

      assertThat(events).extracting(Event::event)
          .containsExactly("alarm.raised", "alarm.cleared", "alarm.acknowledged", "alarm.resolved");
      List<Map<String, Object>> stored = api.db().rows("""
          SELECT prefixed_id('E', event_id) AS id, cover_alarm_event_json(e)::text AS data
          FROM cover_alarm_events e WHERE alarm_id = ? ORDER BY event_id""", alarm);
      for (int i = 0; i < 4; i++) {
        assertThat(events.get(i).id()).isEqualTo(stored.get(i).get("id"));
        assertThat(new JsonObject(events.get(i).data())).isEqualTo(new JsonObject((String) stored.get(i).get("data")));
      }
      assertThat(new JsonObject(events.get(2).data()).getString("note")).isEqualTo("on it");
      assertThat(stream.otherFields()).contains("retry: 2000");
    }
  }

  @Test
  void filtersByUnitAndByDistrict() {
    try (SseClient byUnit = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-filter");
        SseClient byDistrict = SseClient.open(api, "/api/v1/covers/alarms/stream?district=410811")) {
      rows.raise("C-other-1", "gas");
      long elsewhere = rows.raise("C-elsewhere-1", "gas");
      long filtered = rows.raise("C-filter-1", "gas");

      assertThat(new JsonObject(byUnit.next().data()).getJsonObject("alarm").getString("id"))
          .isEqualTo(alarmId(filtered));
      assertThat(new JsonObject(byDistrict.next().data()).getJsonObject("alarm").getString("id"))
          .isEqualTo(alarmId(elsewhere));
      assertThat(byUnit.poll(QUIET)).isNull();
      assertThat(byDistrict.poll(QUIET)).isNull();
    }
  }

  @Test
  void reconnectingWithLastEventIdGetsExactlyWhatItMissedThenTheLiveStream() {
    String lastSeen;
    try (SseClient first = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-resume")) {
      long alarm = rows.raise("C-resume-1", "tilt");
      rows.clear(alarm);
      lastSeen = first.next(2).get(1).id();
    }
    long missed = rows.raise("C-resume-2", "water");
    long missedClear = rows.clear(missed);
    rows.raise("C-resume-1", "battery");
    rows.raise("C-other-2", "battery");

    try (SseClient again = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-resume",
        "Last-Event-ID", lastSeen)) {
      List<Event> caughtUp = again.next(3);
      long live = rows.raise("C-resume-2", "gas");

      assertThat(caughtUp).extracting(Event::event).containsExactly("alarm.raised", "alarm.cleared", "alarm.raised");
      assertThat(caughtUp.get(0).id()).isEqualTo(eventId(rows.firstEvent(missed)));
      assertThat(caughtUp.get(1).id()).isEqualTo(eventId(missedClear));
      assertThat(new JsonObject(again.next().data()).getJsonObject("alarm").getString("id")).isEqualTo(alarmId(live));
      assertThat(again.poll(QUIET)).isNull();
    }
  }

  @Test
  void lastEventIdParameterServesClientsThatCannotSetHeadersAndTheHeaderWins() {
    long alarm = rows.raise("C-quiet-1", "tilt");
    long cleared = rows.clear(alarm);
    long raisedAgain = rows.raise("C-quiet-2", "tilt");

    try (SseClient byParameter = SseClient.open(api,
        "/api/v1/covers/alarms/stream?unit=U-quiet&last_event_id=" + eventId(rows.firstEvent(alarm)));
        SseClient byHeader = SseClient.open(api,
            "/api/v1/covers/alarms/stream?unit=U-quiet&last_event_id=" + eventId(rows.firstEvent(alarm)),
            "Last-Event-ID", eventId(cleared))) {
      assertThat(byParameter.next(2)).extracting(Event::id)
          .containsExactly(eventId(cleared), eventId(rows.firstEvent(raisedAgain)));
      assertThat(byHeader.next().id()).isEqualTo(eventId(rows.firstEvent(raisedAgain)));
    }
  }

  @Test
  void unknownOrExpiredLastEventIdStartsFromNowAndSaysSo() {
    long old = rows.raise("C-held-2", "open");
    long expired = rows.clear(old);
    api.db().execute("UPDATE cover_alarm_events SET occurred_at = now() - interval '25 hours' WHERE event_id = "
        + expired);

    for (String lastEventId : List.of(eventId(expired), "E-999999999")) {
      try (SseClient stream = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-held-none",
          "Last-Event-ID", lastEventId)) {
        awaitComment(stream, "Last-Event-ID " + lastEventId + " is unknown or older than 24 hours");
        assertThat(stream.poll(QUIET)).isNull();
      }
    }
  }

  @Test
  void malformedLastEventIdIsABadParameter() {
    HttpResponse<String> byHeader = api.send(api.request("/api/v1/covers/alarms/stream", READER_TOKEN)
        .header("Last-Event-ID", "42").GET());
    HttpResponse<String> byParameter = api.get("/api/v1/covers/alarms/stream?last_event_id=A-000001", READER_TOKEN);

    assertThat(ApiFixture.assertError(byHeader, 400, "bad_parameter").getString("message")).startsWith("Last-Event-ID:");
    assertThat(ApiFixture.assertError(byParameter, 400, "bad_parameter").getString("message"))
        .startsWith("last_event_id:");
  }

  @Test
  void badFilterIsABadParameterAndTheStreamNeedsAToken() {
    ApiFixture.assertError(api.get("/api/v1/covers/alarms/stream?unit=U%2F1", READER_TOKEN), 400, "bad_parameter");
    ApiFixture.assertError(api.get("/api/v1/covers/alarms/stream?type=gas", READER_TOKEN), 400, "bad_parameter");
    ApiFixture.assertError(api.get("/api/v1/covers/alarms/stream"), 401, "unauthorized");
  }

  /**
   * The reason for following by (txid, event_id) below the oldest running transaction: an event
   * whose transaction began earlier but commits later has a lower event id than one already
   * committed. The stream holds the later one back until the earlier commits, and sends both in
   * order; a client that resumes from the later one has not missed the earlier.
   */
  @Test
  void eventCommittedLateByAnEarlierTransactionIsStillDeliveredAndInOrder() throws Exception {
    try (SseClient stream = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-late");
        Connection earlier = rows.transaction()) {
      long first = CoverAlarmRows.raise(earlier, "C-late-1", "tilt");
      long second = rows.raise("C-late-2", "tilt");

      // Held back while the earlier transaction runs; were it sent now, the earlier event would be lost.
      Event sentEarly = stream.poll(QUIET);
      earlier.commit();

      List<Event> events = new ArrayList<>();
      if (sentEarly != null) {
        events.add(sentEarly);
      }
      events.addAll(stream.next(2 - events.size()));
      assertThat(events).extracting(e -> new JsonObject(e.data()).getJsonObject("alarm").getString("id"))
          .containsExactly(alarmId(first), alarmId(second));
      try (SseClient resumed = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-late",
          "Last-Event-ID", events.get(1).id())) {
        assertThat(resumed.poll(QUIET)).isNull();
      }
    }
  }

  /** An older transaction that writes no event sends no notification when it ends; the event comes anyway. */
  @Test
  void eventHeldBackByATransactionWithoutEventsArrivesOnceItEnds() throws Exception {
    try (SseClient stream = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-held");
        Connection unrelated = rows.transaction(); Statement write = unrelated.createStatement()) {
      write.execute("UPDATE districts SET name = name WHERE code = '410825'");
      long alarm = rows.raise("C-held-1", "gas");
      assertThat(stream.poll(QUIET)).isNull();

      unrelated.commit();

      assertThat(new JsonObject(stream.next().data()).getJsonObject("alarm").getString("id")).isEqualTo(alarmId(alarm));
    }
  }

  @Test
  void quietStreamCarriesHeartbeatComments() {
    try (SseClient stream = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-nobody")) {
      awaitComment(stream, "keep-alive");
      int heartbeats = (int) stream.comments().stream().filter("keep-alive"::equals).count();
      awaitComment(stream, "keep-alive", heartbeats + 1);
    }
  }

  @Test
  void openStreamsAreCounted() {
    // Streams of earlier tests are counted until the server has seen them close.
    Eventually.within(ApiFixture.CATCH_UP, () -> "earlier streams still counted: " + subscribers(),
        () -> subscribers() == 0);
    double before = subscribers();
    try (SseClient one = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-nobody");
        SseClient two = SseClient.open(api, "/api/v1/covers/alarms/stream?unit=U-nobody")) {
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + subscribers(), () -> subscribers() == before + 2);
    }
    Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers after closing: " + subscribers(), () -> subscribers() == before);
  }

  private static double subscribers() {
    return api.meters.get("smartparking.cover.alarm.stream.subscribers").gauge().value();
  }

  private static void awaitComment(SseClient stream, String comment) {
    awaitComment(stream, comment, 1);
  }

  private static void awaitComment(SseClient stream, String comment, int times) {
    Eventually.within(ApiFixture.CATCH_UP, () -> "comments: " + stream.comments(),
        () -> stream.comments().stream().filter(c -> c.startsWith(comment)).count() >= times);
  }
}
