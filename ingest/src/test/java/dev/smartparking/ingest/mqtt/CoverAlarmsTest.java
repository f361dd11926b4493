package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.RowLock;
import dev.smartparking.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * Cover readings raise and clear the cover's alarms in the batch that stores them (API.md
 * "Manhole-cover alarms"): asserted with SQL right after the PUBACK, never waited for.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoverAlarmsTest {

  private static final String TELEMETRY = "v1/covers/C-1/telemetry";
  private static final String SECRET = "cs-1-secret-0123456789";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private Mqtt5BlockingClient client;
  private long seq;
  private long now;

  @BeforeAll
  void start() {
    fixture.importCatalogue(new Catalogue(List.of(), List.of(new Catalogue.Unit("U-1", "解放区城管局", "410802")),
        List.of(),
        List.of(new Catalogue.Cover("C-1", "U-1", "410802", 35.24, 113.24, 600, 25.0)),
        List.of(new Catalogue.Device("cs-1", "cover_sensor", List.of(), List.of("C-1"), SECRET, false))));
    client = fixture.connect5("cs-1", SECRET);
  }

  @AfterAll
  void stop() {
    client.disconnect();
  }

  @BeforeEach
  void clear() {
    fixture.clearMessages();
    fixture.db().execute("UPDATE covers SET tilt_limit_deg = DEFAULT, water_margin_cm = DEFAULT, "
        + "battery_min_pct = DEFAULT, gas_limit_ppm = 25");
    fixture.db().execute("UPDATE units SET webhook_url = NULL, webhook_secret = NULL");
    now = System.currentTimeMillis();
  }

  @Test
  void tiltedReadingHasItsAlarmAndEventWhenThePubackArrives() {
    double raisedBefore = fixture.coverAlarmEvents("raised", "tilt");

    assertThat(reading(now, "\"tilt_deg\":31.5")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);

    // read at once: the alarm was committed with the reading, before the PUBACK
    assertThat(fixture.db().rows("SELECT cover_id, type, status, active, cleared_at, "
            + "reading = jsonb_build_object('seq', " + seq + ", 'ts', rfc3339(to_timestamp(" + now + " / 1000.0)), "
            + "'tilt_deg', 31.5) AS reading_shown, last_reading_at = to_timestamp(" + now + " / 1000.0) AS judged_by_it "
            + "FROM cover_alarms"))
        .containsExactly(row("cover_id", "C-1", "type", "tilt", "status", "open", "active", true, "cleared_at", null,
            "reading_shown", true, "judged_by_it", true));
    assertThat(fixture.db().rows("SELECT e.event, e.alarm = cover_alarm_json(a) AS alarm_as_stored "
            + "FROM cover_alarm_events e JOIN cover_alarms a ON a.id = e.alarm_id"))
        .containsExactly(Map.of("event", "alarm.raised", "alarm_as_stored", true));
    assertThat(fixture.coverAlarmEvents("raised", "tilt")).isEqualTo(raisedBefore + 1);
  }

  @Test
  void secondTiltedReadingRaisesNothingNew() {
    reading(now - 1_000, "\"tilt_deg\":31");

    reading(now, "\"tilt_deg\":40");

    assertThat(fixture.db().rows("SELECT active, reading ->> 'tilt_deg' AS raised_by, "
            + "last_reading_at = to_timestamp(" + now + " / 1000.0) AS judged_by_second FROM cover_alarms"))
        .containsExactly(Map.of("active", true, "raised_by", "31", "judged_by_second", true));
    assertThat(events()).containsExactly("alarm.raised tilt active");
  }

  @Test
  void readingBackWithinLimitsClearsTheAlarm() {
    reading(now - 1_000, "\"tilt_deg\":31");
    double clearedBefore = fixture.coverAlarmEvents("cleared", "tilt");

    reading(now, "\"tilt_deg\":3");

    assertThat(fixture.db().rows("SELECT status, active, cleared_at IS NOT NULL AS cleared FROM cover_alarms"))
        .containsExactly(Map.of("status", "open", "active", false, "cleared", true));
    assertThat(events()).containsExactly("alarm.raised tilt active", "alarm.cleared tilt inactive");
    assertThat(fixture.coverAlarmEvents("cleared", "tilt")).isEqualTo(clearedBefore + 1);
  }

  @Test
  void clearedAlarmNotYetResolvedIsRaisedAgain() {
    reading(now - 2_000, "\"tilt_deg\":31");
    reading(now - 1_000, "\"tilt_deg\":3");

    reading(now, "\"tilt_deg\":35");

    assertThat(fixture.db().rows("SELECT active, cleared_at, reading ->> 'tilt_deg' AS raised_by FROM cover_alarms"))
        .containsExactly(row("active", true, "cleared_at", null, "raised_by", "35"));
    assertThat(events())
        .containsExactly("alarm.raised tilt active", "alarm.cleared tilt inactive", "alarm.raised tilt active");
    assertThat(fixture.db().count("SELECT count(DISTINCT alarm_id) FROM cover_alarm_events")).isEqualTo(1);
  }

  @Test
  void afterResolvingANewTiltRaisesANewAlarm() {
    reading(now - 2_000, "\"tilt_deg\":31");
    reading(now - 1_000, "\"tilt_deg\":3");
    fixture.db().execute("UPDATE cover_alarms SET status = 'resolved', resolved_at = now(), "
        + "resolved_by = 'operator-token'");

    reading(now, "\"tilt_deg\":31");

    assertThat(fixture.db().rows("SELECT status, active FROM cover_alarms ORDER BY id"))
        .containsExactly(Map.of("status", "resolved", "active", false), Map.of("status", "open", "active", true));
    assertThat(fixture.db().count("SELECT count(DISTINCT alarm_id) FROM cover_alarm_events "
        + "WHERE event = 'alarm.raised'")).isEqualTo(2);
  }

  @Test
  void backFilledReadingRaisesNothing() {
    reading(now, "\"tilt_deg\":3");

    reading(now - 60_000, "\"tilt_deg\":31");

    assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms")).isZero();
    assertThat(fixture.db().count("SELECT count(*) FROM cover_telemetry_events")).isEqualTo(2);
  }

  @Test
  void backFilledReadingClearsNothing() {
    reading(now, "\"tilt_deg\":31");

    reading(now - 60_000, "\"tilt_deg\":3");

    assertThat(fixture.db().rows("SELECT active FROM cover_alarms")).containsExactly(Map.of("active", true));
    assertThat(events()).containsExactly("alarm.raised tilt active");
  }

  @Test
  void readingOfTheSameTimeAsTheNewestJudgesNothing() {
    reading(now, "\"tilt_deg\":3");

    reading(now, "\"tilt_deg\":31");

    assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms")).isZero();
  }

  @Test
  void measurementLeftOutNeitherRaisesNorClears() {
    reading(now - 1_000, "\"tilt_deg\":31");

    reading(now, "\"battery_pct\":80");

    assertThat(fixture.db().rows("SELECT type, active FROM cover_alarms"))
        .containsExactly(Map.of("type", "tilt", "active", true));
    assertThat(events()).containsExactly("alarm.raised tilt active");
  }

  /** Each type against thresholds of the cover's own, none of them the default. */
  static Stream<Arguments> thresholds() {
    return Stream.of(
        // tilt_limit_deg 30: 30 is not above it (the default 15 would alarm)
        Arguments.of("tilt", "\"tilt_deg\":30", "\"tilt_deg\":30.5"),
        Arguments.of("open", "\"open\":false", "\"open\":true"),
        // water_margin_cm 10: the alarm stands from 10 cm below the rim (the default 30 would alarm at -10.5)
        Arguments.of("water", "\"water_level_cm\":-10.5", "\"water_level_cm\":-10"),
        // gas_limit_ppm 25.1: 25.1 is not above it (the default 25 would alarm), though 25.1 stored as
        // real is a little more than 25.1 as double precision
        Arguments.of("gas", "\"gas_ppm\":25.1", "\"gas_ppm\":25.2"),
        // battery_min_pct 50: 49 is below it (the default 20 would not alarm)
        Arguments.of("battery", "\"battery_pct\":50", "\"battery_pct\":49"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("thresholds")
  void eachTypeIsJudgedAgainstTheCoversOwnThreshold(String type, String within, String beyond) {
    fixture.db().execute("UPDATE covers SET tilt_limit_deg = 30, water_margin_cm = 10, gas_limit_ppm = 25.1, "
        + "battery_min_pct = 50");

    reading(now - 2_000, within);
    assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms")).as("alarms within the limit").isZero();

    reading(now - 1_000, beyond);
    assertThat(fixture.db().rows("SELECT type, active FROM cover_alarms"))
        .containsExactly(Map.of("type", type, "active", true));

    reading(now, within);
    assertThat(events()).containsExactly("alarm.raised " + type + " active", "alarm.cleared " + type + " inactive");
  }

  @Test
  void silentAlarmIsClearedByTheNextReadingWhateverItsTime() {
    reading(now, "\"battery_pct\":80");
    // as the sweep raises it
    fixture.db().execute("INSERT INTO cover_alarms (cover_id, type, raised_at) VALUES ('C-1', 'silent', now())");
    double clearedBefore = fixture.coverAlarmEvents("cleared", "silent");

    reading(now - 3_600_000, "\"battery_pct\":81");

    assertThat(fixture.db().rows("SELECT type, active, cleared_at IS NOT NULL AS cleared FROM cover_alarms"))
        .containsExactly(Map.of("type", "silent", "active", false, "cleared", true));
    assertThat(events()).containsExactly("alarm.cleared silent inactive");
    assertThat(fixture.coverAlarmEvents("cleared", "silent")).isEqualTo(clearedBefore + 1);
  }

  @Test
  void resolveCommittedWhileAReadingWaitsLeavesOnlyTheResolvedAlarm() throws Exception {
    reading(now - 1_000, "\"tilt_deg\":31");
    CompletableFuture<Mqtt5PublishResult> level;
    try (RowLock resolving = RowLock.take(fixture.db(), "UPDATE cover_alarms SET status = 'resolved', "
        + "resolved_at = now(), resolved_by = 'operator-token'")) {
      level = readingAsync(now, "\"tilt_deg\":2");
      resolving.awaitWaiters(1);
      resolving.release();
      level.get(10, TimeUnit.SECONDS);
    }

    assertThat(fixture.db().rows("SELECT status, active FROM cover_alarms"))
        .containsExactly(Map.of("status", "resolved", "active", true));
    assertThat(events()).containsExactly("alarm.raised tilt active");
  }

  @Test
  void eventOfAUnitWithAWebhookBecomesADelivery() {
    fixture.db().execute("UPDATE units SET webhook_url = 'http://127.0.0.1:9/hook', webhook_secret = 's3cret'");

    reading(now, "\"gas_ppm\":80");

    assertThat(fixture.db().rows("SELECT d.unit_id, d.status, e.event FROM alarm_deliveries d "
            + "JOIN cover_alarm_events e USING (event_id)"))
        .containsExactly(Map.of("unit_id", "U-1", "status", "pending", "event", "alarm.raised"));
  }

  @Test
  void unitWithoutAWebhookGetsNoDelivery() {
    reading(now, "\"gas_ppm\":80");

    assertThat(events()).containsExactly("alarm.raised gas active");
    assertThat(fixture.db().count("SELECT count(*) FROM alarm_deliveries")).isZero();
  }

  @Test
  void onlyABatchThatWroteAlarmEventsWakesTheirFollowers() throws Exception {
    TestDatabase db = fixture.db();
    try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      listener.createStatement().execute("LISTEN cover_alarm_events");
      PGConnection notifications = listener.unwrap(PGConnection.class);

      reading(now - 1_000, "\"tilt_deg\":31");
      assertThat(notifications.getNotifications(5_000)).as("after a raise").hasSize(1);

      // no alarm changes: the NOTIFY would be sent with the commit, before the PUBACK
      reading(now, "\"tilt_deg\":32");
      assertThat(notifications.getNotifications(500)).as("after a batch without events").isEmpty();
    }
  }

  @Test
  void severalTypesOfOneReadingEachHaveTheirAlarm() {
    reading(now, "\"tilt_deg\":20,\"open\":true,\"water_level_cm\":5,\"gas_ppm\":30,\"battery_pct\":10");

    assertThat(fixture.db().rows("SELECT type FROM cover_alarms ORDER BY type"))
        .containsExactly(Map.of("type", "battery"), Map.of("type", "gas"), Map.of("type", "open"),
            Map.of("type", "tilt"), Map.of("type", "water"));
  }

  @Test
  void newestReadingOfABatchJudgesNotTheLastToArrive() throws Exception {
    CompletableFuture<Mqtt5PublishResult> blocker;
    CompletableFuture<Mqtt5PublishResult> newest;
    CompletableFuture<Mqtt5PublishResult> older;
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM cover_state WHERE cover_id = 'C-1' FOR UPDATE")) {
      // a first batch waits for the lock; the next two readings queue behind it, for one batch
      blocker = readingAsync(now - 5_000, "\"tilt_deg\":3");
      lock.awaitWaiters(1);
      newest = readingAsync(now, "\"tilt_deg\":3");
      older = readingAsync(now - 1_000, "\"tilt_deg\":31");
      Eventually.within(Duration.ofSeconds(10), "both readings queued for the next batch",
          () -> fixture.gauge("smartparking.ingest.writer.queued") >= 2);
      lock.release();
      CompletableFuture.allOf(blocker, newest, older).get(10, TimeUnit.SECONDS);
    }

    assertThat(fixture.db().count("SELECT count(*) FROM cover_telemetry_events")).isEqualTo(3);
    assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms")).isZero();
  }

  private Mqtt5PubAckReasonCode reading(long ts, String measurements) {
    return Publish.qos1(client, TELEMETRY, payload(ts, measurements));
  }

  private CompletableFuture<Mqtt5PublishResult> readingAsync(long ts, String measurements) {
    return client.toAsync().publishWith().topic(TELEMETRY).qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload(ts, measurements)).send();
  }

  private byte[] payload(long ts, String measurements) {
    return ("{\"seq\":" + ++seq + ",\"ts\":" + ts + "," + measurements + "}").getBytes(StandardCharsets.UTF_8);
  }

  /** Each event in order as "event type active|inactive", the alarm as the event carries it. */
  private List<String> events() {
    return fixture.db().rows("SELECT event || ' ' || (alarm ->> 'type') || ' ' "
            + "|| CASE WHEN (alarm ->> 'active')::bool THEN 'active' ELSE 'inactive' END AS e "
            + "FROM cover_alarm_events ORDER BY event_id")
        .stream().map(r -> (String) r.get("e")).toList();
  }

  /** A row that may hold nulls, which Map.of refuses. */
  private static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }
}
