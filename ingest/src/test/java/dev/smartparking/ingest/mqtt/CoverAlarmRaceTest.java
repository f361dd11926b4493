package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.Ingest;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.RowLock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two ingest processes (each its own Vert.x, pools and writers, on one database) take the readings
 * of one cover's two sensors at the same moment. To make the batches overlap every round rather
 * than by luck, the test holds the cover's state row while both are sent: each batch has begun, and
 * taken its snapshot, before either can commit. Each round starts from a cover never heard from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoverAlarmRaceTest {

  private static final int ROUNDS = 25;
  private static final String TELEMETRY = "v1/covers/C-1/telemetry";
  private static final String LOCK_COVER = "SELECT * FROM cover_state WHERE cover_id = 'C-1' FOR UPDATE";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private Sensor first;
  private Sensor second;

  @BeforeAll
  void start() {
    fixture.importCatalogue(new Catalogue(List.of(), List.of(new Catalogue.Unit("U-1", "解放区城管局", "410802")),
        List.of(),
        List.of(new Catalogue.Cover("C-1", "U-1", "410802", 35.24, 113.24, 600, 25.0)),
        List.of(new Catalogue.Device("cs-1", "cover_sensor", List.of(), List.of("C-1"), "cs-1-secret-0123456789", false),
            new Catalogue.Device("cs-2", "cover_sensor", List.of(), List.of("C-1"), "cs-2-secret-0123456789", false))));
    Ingest other = fixture.startAnotherIngest();
    first = new Sensor(fixture.connect5("cs-1", "cs-1-secret-0123456789"));
    second = new Sensor(fixture.connect5(other.mqttPort(), "cs-2", "cs-2-secret-0123456789"));
  }

  @AfterAll
  void stop() {
    first.client().disconnect();
    second.client().disconnect();
  }

  @BeforeEach
  void clear() {
    fixture.clearMessages();
  }

  @Test
  void twoProcessesRaisingTheSameAlarmAtOnceMakeOneAlarmAndOneEvent() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      fixture.clearMessages();
      long now = System.currentTimeMillis();
      try (RowLock lock = RowLock.take(fixture.db(), LOCK_COVER)) {
        CompletableFuture<?> a = first.send(now - 1, "\"tilt_deg\":31");
        CompletableFuture<?> b = second.send(now, "\"tilt_deg\":32");
        lock.awaitWaiters(2);
        lock.release();
        CompletableFuture.allOf(a, b).get(10, TimeUnit.SECONDS);
      }

      assertThat(fixture.db().rows("SELECT type, active FROM cover_alarms WHERE status <> 'resolved'"))
          .as("unresolved alarms, round %d", round).containsExactly(Map.of("type", "tilt", "active", true));
      assertThat(events()).as("events, round %d", round).containsExactly("alarm.raised");
    }
  }

  @Test
  void readingThatWaitedForAnotherProcessClearsTheAlarmThatProcessRaised() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      fixture.clearMessages();
      long now = System.currentTimeMillis();
      try (RowLock lock = RowLock.take(fixture.db(), LOCK_COVER)) {
        // the older reading's batch queues for the lock first, so it commits first
        CompletableFuture<?> tilted = first.send(now - 1_000, "\"tilt_deg\":31");
        lock.awaitWaiters(1);
        CompletableFuture<?> level = second.send(now, "\"tilt_deg\":2");
        lock.awaitWaiters(2);
        lock.release();
        CompletableFuture.allOf(tilted, level).get(10, TimeUnit.SECONDS);
      }

      // the newest reading is within limits: no alarm may stay active, whichever batch ran first
      assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms WHERE active"))
          .as("active alarms, round %d", round).isZero();
      assertThat(events()).as("events, round %d", round)
          .isIn(List.of(), List.of("alarm.raised", "alarm.cleared"));
    }
  }

  @Test
  void readingOlderThanOneAnotherProcessJustStoredJudgesNothing() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      fixture.clearMessages();
      long now = System.currentTimeMillis();
      try (RowLock lock = RowLock.take(fixture.db(), LOCK_COVER)) {
        CompletableFuture<?> level = first.send(now, "\"tilt_deg\":2");
        lock.awaitWaiters(1);
        CompletableFuture<?> tilted = second.send(now - 1_000, "\"tilt_deg\":31");
        lock.awaitWaiters(2);
        lock.release();
        CompletableFuture.allOf(level, tilted).get(10, TimeUnit.SECONDS);
      }

      assertThat(fixture.db().count("SELECT count(*) FROM cover_telemetry_events")).isEqualTo(2);
      assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms")).as("alarms, round %d", round).isZero();
    }
  }

  @Test
  void twoProcessesStreamingTiltedReadingsRaiseOneAlarm() throws Exception {
    for (int round = 0; round < 5; round++) {
      fixture.clearMessages();
      long now = System.currentTimeMillis();
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        sent.add(first.send(now - 200 + 2 * i, "\"tilt_deg\":31"));
        sent.add(second.send(now - 199 + 2 * i, "\"tilt_deg\":32"));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

      assertThat(fixture.db().count("SELECT count(*) FROM cover_telemetry_events")).isEqualTo(200);
      assertThat(fixture.db().count("SELECT count(*) FROM cover_alarms")).as("alarms, round %d", round).isEqualTo(1);
      assertThat(events()).as("events, round %d", round).containsExactly("alarm.raised");
    }
  }

  private List<String> events() {
    return fixture.db().rows("SELECT event FROM cover_alarm_events ORDER BY event_id").stream()
        .map(r -> (String) r.get("event")).toList();
  }

  /** A cover sensor's connection, counting its own seq. */
  private static final class Sensor {

    private final Mqtt5BlockingClient client;
    private long seq;

    Sensor(Mqtt5BlockingClient client) {
      this.client = client;
    }

    Mqtt5BlockingClient client() {
      return client;
    }

    CompletableFuture<Mqtt5PublishResult> send(long ts, String measurements) {
      byte[] payload = ("{\"seq\":" + ++seq + ",\"ts\":" + ts + "," + measurements + "}")
          .getBytes(StandardCharsets.UTF_8);
      return client.toAsync().publishWith().topic(TELEMETRY).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }
  }
}
