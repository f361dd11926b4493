package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.smartparking.ingest.Ingest;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Devices that ask for a persistent session (3.1.1 clean session 0, 5.0 session expiry > 0) find it
 * again when they reconnect, on this ingest process or another of the database: CONNACK says session
 * present, and a QoS 2 message whose PUBREL was not sent before the connection dropped is completed
 * and stored once. A rejected (malformed) payload is used because a rejection sent again would be
 * stored again: only the kept packet id tells it from a new one.
 */
class PersistentSessionTest {

  private static final Duration EXPIRY_MAX = Duration.ofSeconds(3);
  private static final Duration SEEN = Duration.ofSeconds(10);
  private static final String TOPIC = "v1/lots/L-1/status";
  private static final String NOT_JSON = "not json";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard().with("mqtt.session-expiry-max", EXPIRY_MAX.toString());

  private static Ingest another;

  @BeforeAll
  static void secondProcess() {
    another = fixture.startAnotherIngest();
  }

  @BeforeEach
  void noSession() throws Exception {
    fixture.clearMessages();
    // a clean session of 3.1.1 ends with its connection: whatever an earlier test kept is gone
    RawDevice.connect(fixture.port(), GW1, GW1_SECRET, true).close();
    awaitClosed();
  }

  @Test
  void cleanSessionZeroFindsItsSessionOnReconnect() throws Exception {
    try (RawDevice first = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      assertThat(first.sessionPresent()).as("no session before").isFalse();
    }
    try (RawDevice again = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      assertThat(again.sessionPresent()).as("session present").isTrue();
    }
  }

  @Test
  void qos2MessageWithoutItsPubrelIsCompletedAfterTheReconnectAndStoredOnce() throws Exception {
    try (RawDevice first = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      first.publishExactlyOnce(7, false, TOPIC, NOT_JSON);
      first.expectReceived(7);
    }
    try (RawDevice again = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      assertThat(again.sessionPresent()).isTrue();
      // its PUBREC lost with the connection, as far as the device can tell: sent again
      again.publishExactlyOnce(7, true, TOPIC, NOT_JSON);
      again.expectReceived(7);
      again.release(7);
      again.expectComplete(7);
    }
    assertThat(rejectedOf(GW1)).as("stored once").isEqualTo(1);
  }

  @Test
  void cleanSessionOneStartsWithoutTheOldSession() throws Exception {
    try (RawDevice first = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      first.publishExactlyOnce(9, false, TOPIC, NOT_JSON);
      first.expectReceived(9);
    }
    try (RawDevice clean = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, true)) {
      assertThat(clean.sessionPresent()).as("session present").isFalse();
      clean.publishExactlyOnce(9, false, TOPIC, NOT_JSON);
      clean.expectReceived(9);
      clean.release(9);
      clean.expectComplete(9);
    }
    assertThat(rejectedOf(GW1)).as("a new message under the old id, stored again").isEqualTo(2);
    awaitClosed();
    try (RawDevice after = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      assertThat(after.sessionPresent()).as("the clean session ended with its connection").isFalse();
    }
  }

  @Test
  void expiredSessionIsGone() throws Exception {
    try (RawDevice first = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      first.publishExactlyOnce(5, false, TOPIC, NOT_JSON);
      first.expectReceived(5);
    }
    Eventually.within(EXPIRY_MAX.plus(SEEN), "session expired", () -> fixture.db().count(
        "SELECT count(*) FROM mqtt_sessions WHERE device_id = ? AND expires_at < now()", GW1) == 1);
    try (RawDevice after = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      assertThat(after.sessionPresent()).as("session present").isFalse();
      after.publishExactlyOnce(5, true, TOPIC, NOT_JSON);
      after.expectReceived(5);
    }
    assertThat(rejectedOf(GW1)).as("its packet id forgotten: stored again").isEqualTo(2);
  }

  @Test
  void sessionIsFoundOnAnotherIngestProcess() throws Exception {
    try (RawDevice first = RawDevice.connect(fixture.port(), GW1, GW1_SECRET, false)) {
      first.publishExactlyOnce(11, false, TOPIC, NOT_JSON);
      first.expectReceived(11);
    }
    awaitClosed();
    try (RawDevice elsewhere = RawDevice.connect(another.mqttPort(), GW1, GW1_SECRET, false)) {
      assertThat(elsewhere.sessionPresent()).as("session present").isTrue();
      elsewhere.publishExactlyOnce(11, true, TOPIC, NOT_JSON);
      elsewhere.expectReceived(11);
      elsewhere.release(11);
      elsewhere.expectComplete(11);
    }
    assertThat(rejectedOf(GW1)).as("stored once").isEqualTo(1);
  }

  @Test
  void mqtt5SessionExpiryIsCappedAndTheSessionFoundAgain() throws Exception {
    Mqtt5ConnAck first = connect5(false, 3_600);
    assertThat(first.isSessionPresent()).isFalse();
    assertThat(first.getSessionExpiryInterval()).as("expiry granted").hasValue(EXPIRY_MAX.toSeconds());
    awaitClosed();

    assertThat(connect5(false, 3_600).isSessionPresent()).as("session present").isTrue();
    awaitClosed();
    assertThat(connect5(true, 3_600).isSessionPresent()).as("clean start: session present").isFalse();
  }

  /** Connects, then disconnects normally; the CONNACK it got. */
  private static Mqtt5ConnAck connect5(boolean cleanStart, long expirySeconds) {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(GW1)
        .serverHost("127.0.0.1").serverPort(fixture.port()).buildBlocking();
    Mqtt5ConnAck connAck = client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(expirySeconds)
        .simpleAuth().username(GW1).password(GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
    client.disconnect();
    return connAck;
  }

  /** The device's last connection has recorded its end, where it kept a session at all. */
  private static void awaitClosed() {
    Eventually.within(SEEN, "connection end recorded", () -> fixture.db().count(
        "SELECT count(*) FROM mqtt_sessions WHERE device_id = ? AND connection_id IS NOT NULL", GW1) == 0);
  }

  private static long rejectedOf(String device) {
    return fixture.db().count("SELECT count(*) FROM rejected_messages WHERE device_id = ?", device);
  }
}
