package dev.smartparking.alarm.delivery;

import static dev.smartparking.alarm.fixture.AlarmDatabase.cover;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.alarm.fixture.AlarmDatabase;
import dev.smartparking.alarm.fixture.RunningDispatcher;
import dev.smartparking.testkit.WebhookReceiver;
import dev.smartparking.testkit.WebhookReceiver.Answer;
import dev.smartparking.testkit.WebhookReceiver.Received;
import dev.smartparking.config.ConfigLoader;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher against real receivers on loopback ports: what a unit gets, and what happens
 * when its receiver fails, stalls, is down, or is not allowed.
 */
class WebhookDeliveryTest {

  /** A deadline for a loaded machine (five builds share two cores here), not a speed check. */
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String SECRET_A = "secret-of-unit-a-0123456789";
  private static final String SECRET_B = "secret-of-unit-b-0123456789";

  private static AlarmDatabase db;
  private static Vertx receivers;
  private final List<WebhookReceiver> started = new ArrayList<>();

  @BeforeAll
  static void createDatabase() {
    db = AlarmDatabase.create();
    receivers = Vertx.vertx();
  }

  @AfterAll
  static void dropDatabase() {
    try {
      receivers.close().await();
    } finally {
      db.close();
    }
  }

  @BeforeEach
  void clean() {
    db.reset();
  }

  @AfterEach
  void stopReceivers() {
    started.forEach(WebhookReceiver::close);
  }

  /** Fast retries, so that failures play out within a test. */
  private static ConfigLoader quickRetries() {
    return db.config()
        .set("alarms.delivery-retry-initial", "PT0.05S")
        .set("alarms.delivery-retry-max", "PT0.2S");
  }

  private WebhookReceiver receiver(String unit, String secret) {
    WebhookReceiver receiver = WebhookReceiver.start(receivers, secret);
    started.add(receiver);
    db.webhook(unit, receiver.url(), secret);
    return receiver;
  }

  private static void awaitAll(String status, long count) {
    Eventually.within(DEADLINE, () -> "deliveries " + status + ": " + db.deliveries(),
        () -> db.count("SELECT count(*) FROM alarm_deliveries WHERE status = ?", status) == count);
  }

  private static Map<String, Object> delivery(long eventId) {
    return db.db.rows("SELECT * FROM alarm_deliveries WHERE event_id = ?", eventId).get(0);
  }

  private static long onlyEventOf(long alarmId) {
    return ((Number) db.db.rows("SELECT event_id FROM cover_alarm_events WHERE alarm_id = ?", alarmId).get(0)
        .get("event_id")).longValue();
  }

  @Test
  void eachEventArrivesSignedWithTheUnitsSecretAsTheContractShowsIt() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    long alarm;
    try (RunningDispatcher dispatcher = RunningDispatcher.start(db.config().build())) {
      alarm = db.raise(cover("U-A", 1), "tilt");
      awaitAll("delivered", 1);

      assertThat(dispatcher.attempts("U-A", "delivered")).isEqualTo(1);
      assertThat(dispatcher.lagsRecorded()).isEqualTo(1);
    }

    long event = onlyEventOf(alarm);
    assertThat(unitA.received()).hasSize(1);
    Received received = unitA.received().get(0);
    assertThat(received.signatureValid()).as("signature").isTrue();
    assertThat(received.eventKey()).isEqualTo(String.format("E-%06d", event));
    assertThat(received.timestamp()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
    JsonObject expected = new JsonObject(db.db.rows(
        "SELECT cover_alarm_event_json(e)::text AS body FROM cover_alarm_events e WHERE event_id = ?", event)
        .get(0).get("body").toString());
    assertThat(received.body()).isEqualTo(expected);
    assertThat(received.body().getString("event")).isEqualTo("alarm.raised");
    assertThat(received.body().getJsonObject("alarm").getString("cover_id")).isEqualTo(cover("U-A", 1));
    Map<String, Object> row = delivery(event);
    assertThat(row.get("attempts")).isEqualTo(1);
    assertThat(row.get("last_result")).isEqualTo("http 200");
    assertThat(row.get("delivered_at")).isNotNull();
  }

  @Test
  void aServerErrorIsRetriedUntilA2xxArrives() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    unitA.answer((event, times) -> times == 1 ? Answer.status(500) : Answer.status(204));
    long alarm;
    try (RunningDispatcher dispatcher = RunningDispatcher.start(quickRetries().build())) {
      alarm = db.raise(cover("U-A", 2), "gas");
      awaitAll("delivered", 1);

      assertThat(dispatcher.attempts("U-A", "http_error")).isEqualTo(1);
      assertThat(dispatcher.attempts("U-A", "delivered")).isEqualTo(1);
    }
    Map<String, Object> row = delivery(onlyEventOf(alarm));
    assertThat(row.get("attempts")).isEqualTo(2);
    assertThat(row.get("last_result")).isEqualTo("http 204");
    assertThat(unitA.received()).hasSize(2).allMatch(Received::signatureValid);
  }

  @Test
  void aReceiverDownForAWhileGetsEveryEventInOrderPerAlarmOnceItIsBack() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    unitA.stop();
    List<Long> alarms = new ArrayList<>();
    try (RunningDispatcher dispatcher = RunningDispatcher.start(quickRetries().build())) {
      for (int i = 1; i <= 6; i++) {
        long alarm = db.raise(cover("U-A", 10 + i), "water");
        db.clear(alarm);
        db.raiseAgain(alarm);
        db.clear(alarm);
        alarms.add(alarm);
      }
      // Down: every alarm's first event has failed more than once (later ones wait behind it).
      Eventually.within(DEADLINE, () -> "retried while down: " + db.deliveries(), () -> db.count("""
          SELECT count(*) FROM alarm_deliveries d
          WHERE attempts >= 2 AND last_result LIKE 'connection_error%'
            AND event_id = (SELECT min(event_id) FROM alarm_deliveries f WHERE f.alarm_id = d.alarm_id)""") == 6);
      assertThat(db.count("SELECT count(*) FROM alarm_deliveries WHERE attempts > 0 AND event_id NOT IN "
          + "(SELECT min(event_id) FROM alarm_deliveries GROUP BY alarm_id)")).as("later events tried").isZero();
      assertThat(dispatcher.attempts("U-A", "connection_error")).isGreaterThanOrEqualTo(12);

      unitA.start();
      awaitAll("delivered", 24);
    }

    List<String> arrivals = unitA.firstArrivals();
    assertThat(arrivals).hasSize(24);
    assertThat(unitA.received()).allMatch(Received::signatureValid);
    for (long alarm : alarms) {
      List<String> events = db.db.rows("SELECT prefixed_id('E', event_id) AS k FROM cover_alarm_events "
          + "WHERE alarm_id = ? ORDER BY event_id", alarm).stream().map(r -> (String) r.get("k")).toList();
      assertThat(arrivals.stream().filter(events::contains).toList()).as("alarm %d", alarm).isEqualTo(events);
    }
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRetried() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    unitA.answer((event, times) -> times == 1 ? Answer.NEVER : Answer.OK);
    long alarm;
    try (RunningDispatcher dispatcher = RunningDispatcher.start(quickRetries()
        .set("alarms.delivery-timeout", "PT0.5S").build())) {
      alarm = db.raise(cover("U-A", 3), "open");
      awaitAll("delivered", 1);

      assertThat(dispatcher.attempts("U-A", "timeout")).isEqualTo(1);
    }
    Map<String, Object> row = delivery(onlyEventOf(alarm));
    assertThat(row.get("attempts")).isEqualTo(2);
    assertThat(unitA.timesReceived((String) db.deliveries().get(0).get("event_key"))).isEqualTo(2);
  }

  @Test
  void aUnitWhoseReceiverHangsDoesNotHoldUpAnotherUnitsDeliveries() {
    WebhookReceiver slow = receiver("U-A", SECRET_A);
    slow.answer((event, times) -> Answer.NEVER);
    WebhookReceiver prompt = receiver("U-B", SECRET_B);
    try (RunningDispatcher dispatcher = RunningDispatcher.start(db.config()
        .set("alarms.delivery-timeout", "PT60S")
        .set("alarms.delivery-max-in-flight-per-unit", "2")
        .set("alarms.delivery-max-per-second", "5").build())) {
      for (int i = 1; i <= 12; i++) {
        db.raise(cover("U-A", 20 + i), "tilt");
      }
      Eventually.within(DEADLINE, "the slow unit's first calls", () -> slow.received().size() == 2);
      db.raise(cover("U-B", 1), "gas");

      Eventually.within(DEADLINE, "the other unit's delivery",
          () -> db.count("SELECT count(*) FROM alarm_deliveries WHERE unit_id = 'U-B' AND status = 'delivered'") == 1);
      assertThat(prompt.received()).hasSize(1);
      assertThat(slow.received()).as("calls to the hanging unit").hasSize(2);
      assertThat(slow.mostOpenAtOnce()).isEqualTo(2);
    }
  }

  @Test
  void aDeliveryIsGivenUpAfterTheWindowAndTheAlarmsNextEventGoesOut() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    long alarm = db.raise(cover("U-A", 4), "battery");
    long first = onlyEventOf(alarm);
    String firstKey = String.format("E-%06d", first);
    unitA.answer((event, times) -> event.equals(firstKey) ? Answer.status(503) : Answer.OK);
    long second = db.clear(alarm);
    try (RunningDispatcher dispatcher = RunningDispatcher.start(quickRetries()
        .set("alarms.delivery-give-up-after", "PT1.5S").build())) {
      awaitAll("delivered", 1);

      assertThat(dispatcher.attempts("U-A", "gave_up")).isEqualTo(1);
      assertThat(dispatcher.attempts("U-A", "http_error")).isGreaterThanOrEqualTo(2);
    }
    Map<String, Object> givenUp = delivery(first);
    assertThat(givenUp.get("status")).isEqualTo("failed");
    assertThat(givenUp.get("last_result")).isEqualTo("http 503");
    assertThat(delivery(second).get("status")).isEqualTo("delivered");
    List<Received> received = unitA.received();
    assertThat(received.get(received.size() - 1).eventKey()).isEqualTo(String.format("E-%06d", second));
    assertThat(unitA.timesReceived(firstKey)).isEqualTo(received.size() - 1);
  }

  @Test
  void aWebhookThatIsNotHttpIsRefusedAndNeverCalled() {
    db.webhook("U-A", "ftp://127.0.0.1:21/alarms", SECRET_A);
    long alarm;
    try (RunningDispatcher dispatcher = RunningDispatcher.start(quickRetries().build())) {
      alarm = db.raise(cover("U-A", 5), "tilt");
      Eventually.within(DEADLINE, () -> "refused: " + db.deliveries(),
          () -> dispatcher.attempts("U-A", "refused_target") >= 1);
    }
    Map<String, Object> row = delivery(onlyEventOf(alarm));
    assertThat((String) row.get("last_result")).isEqualTo("refused_target: scheme 'ftp' is not http or https");
    assertThat(row.get("status")).as("retried: the catalogue may be corrected").isEqualTo("pending");
  }

  @Test
  void aLoopbackWebhookIsRefusedUnlessLoopbackIsAllowed() {
    WebhookReceiver unitB = receiver("U-B", SECRET_B);
    long alarm;
    try (RunningDispatcher dispatcher = RunningDispatcher.start(quickRetries()
        .set("alarms.webhook-allow-loopback", "false").build())) {
      alarm = db.raise(cover("U-B", 2), "water");
      Eventually.within(DEADLINE, () -> "refused: " + db.deliveries(),
          () -> dispatcher.attempts("U-B", "refused_target") >= 2);
    }
    assertThat(unitB.received()).isEmpty();
    assertThat((String) delivery(onlyEventOf(alarm)).get("last_result"))
        .isEqualTo("refused_target: 127.0.0.1 is a loopback address (alarms.webhook-allow-loopback is false)");

    try (RunningDispatcher allowed = RunningDispatcher.start(quickRetries().build())) {
      awaitAll("delivered", 1);
    }
    assertThat(unitB.received()).hasSize(1);
  }

  @Test
  void callsStartNoFasterThanTheProcessWideRate() {
    List<WebhookReceiver> units = List.of(receiver("U-A", SECRET_A), receiver("U-B", SECRET_B));
    try (RunningDispatcher dispatcher = RunningDispatcher.start(db.config()
        .set("alarms.delivery-max-per-second", "10")
        // Bound by the rate alone: the per-unit bound would also slow 40 calls to two units.
        .set("alarms.delivery-max-in-flight-per-unit", "40").build())) {
      // A city-wide outage in miniature: 40 silent alarms raised by one statement.
      db.raiseAll("silent", "SELECT id FROM covers WHERE unit_id IN ('U-A', 'U-B') AND substr(id, 5)::int <= 20");
      awaitAll("delivered", 40);
    }
    // When each call started: last_attempt_at, set as the claim takes it (one attempt each here).
    // One second's worth may start at once; the other 30 need 3 s at 10 a second, however slow
    // the machine. Without the rate, one claim takes all 40 within milliseconds.
    double seconds = ((Number) db.db.rows("SELECT extract(epoch FROM max(last_attempt_at) - min(last_attempt_at))"
        + "::float8 AS s FROM alarm_deliveries WHERE attempts = 1").get(0).get("s")).doubleValue();
    assertThat(seconds).as("seconds from the first call's start to the last's").isGreaterThan(2.5);
    assertThat(db.count("SELECT count(*) FROM alarm_deliveries WHERE attempts = 1")).isEqualTo(40);
    assertThat(units.stream().mapToInt(r -> r.received().size()).sum()).isEqualTo(40);
  }

  @Test
  void anAlarmFromAReadingGoesOutBeforeAWaitingBacklogOfSilentOnes() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    try (RunningDispatcher dispatcher = RunningDispatcher.start(db.config()
        .set("alarms.delivery-max-per-second", "4").build())) {
      db.raiseAll("silent", "SELECT id FROM covers WHERE unit_id = 'U-A' AND id <= 'C-A-030'");
      Eventually.within(DEADLINE, "the first silent deliveries", () -> unitA.received().size() >= 4);
      long gas = db.raise(cover("U-A", 40), "gas");
      String gasKey = String.format("E-%06d", onlyEventOf(gas));
      Eventually.within(DEADLINE, "the gas alarm's delivery", () -> unitA.timesReceived(gasKey) == 1);

      assertThat(unitA.firstArrivals().indexOf(gasKey)).as("calls before the gas alarm's").isLessThan(15);
      assertThat(db.count("SELECT count(*) FROM alarm_deliveries WHERE status = 'pending'")).isPositive();
    }
  }

  @Test
  void aProcessThatStopsHandsItsCallsInFlightBackForAnotherToSendAtOnce() {
    WebhookReceiver unitA = receiver("U-A", SECRET_A);
    unitA.answer((event, times) -> times == 1 ? Answer.NEVER : Answer.OK);
    // A lease of two minutes: only the hand-back lets another process send it within the test.
    ConfigLoader config = db.config().set("alarms.delivery-timeout", "PT60S");
    try (RunningDispatcher stopping = RunningDispatcher.start(config.build())) {
      db.raise(cover("U-A", 6), "open");
      Eventually.within(DEADLINE, "the first call", () -> unitA.received().size() == 1);
    }
    try (RunningDispatcher next = RunningDispatcher.start(config.build())) {
      awaitAll("delivered", 1);
    }
    assertThat(unitA.received()).hasSize(2);
    assertThat(db.deliveries().get(0).get("attempts")).as("the abandoned call counts").isEqualTo(2);
  }
}
