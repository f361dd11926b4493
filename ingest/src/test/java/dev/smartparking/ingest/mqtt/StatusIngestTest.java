package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StatusIngestTest {

  private static final String TOPIC = "v1/lots/L-1/status";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  @BeforeEach
  void clear() {
    fixture.clearMessages();
  }

  @Test
  void statusOverMqtt5IsCommittedBeforeItsPubAck() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    long ts = System.currentTimeMillis();

    Mqtt5PublishResult result = client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(1, ts, 420, 37)).send();

    assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode())
        .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    // Read right after the PUBACK, without waiting: the commit came first.
    assertThat(fixture.db().rows("SELECT total, free, closed FROM lot_state WHERE lot_id = 'L-1'"))
        .containsExactly(Map.of("total", 420, "free", 37, "closed", false));
    client.disconnect();
  }

  @Test
  void aLotsFirstReportIsKeptThroughItsLaterOnes() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(1, System.currentTimeMillis(), 420, 37)).send();
    Object first = fixture.db().rows("SELECT extract(epoch FROM first_seen_at)::text AS first FROM lot_state "
        + "WHERE lot_id = 'L-1'").get(0).get("first");

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(2, System.currentTimeMillis(), 420, 30)).send();

    assertThat(fixture.db().count("SELECT count(*) FROM lot_state WHERE lot_id = 'L-1' "
        + "AND extract(epoch FROM first_seen_at)::text = '" + first + "' AND last_seen_at > first_seen_at")).isEqualTo(1);
    client.disconnect();
  }

  @Test
  void statusOverMqtt311IsStored() {
    Mqtt3BlockingClient client = fixture.connect3(GW1, GW1_SECRET);

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(1, System.currentTimeMillis(), 420, 12)).send();

    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(12);
    client.disconnect();
  }

  @Test
  void pubAckWaitsWhileTheCommitIsBlocked() throws Exception {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    long ts = System.currentTimeMillis();
    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(status(1, ts, 420, 37)).send();

    TestDatabase db = fixture.db();
    try (Connection blocker = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      blocker.setAutoCommit(false);
      blocker.createStatement().execute("SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE");

      CompletableFuture<Mqtt5PublishResult> pending = client.toAsync().publishWith().topic(TOPIC)
          .qos(MqttQos.AT_LEAST_ONCE).payload(status(2, ts + 1, 420, 36)).send();

      assertThat(completesWithin(pending, 700)).as("PUBACK before the commit").isFalse();
      blocker.commit();
      assertThat(pending.get(5, TimeUnit.SECONDS).getError()).isEmpty();
    }
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(36);
    client.disconnect();
  }

  @Test
  void retransmittedSeqIsCountedOnce() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    byte[] payload = status(7, System.currentTimeMillis(), 420, 30);

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();

    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = 7", GW1))
        .isEqualTo(1);
    client.disconnect();
  }

  @Test
  void duplicateIsAcknowledgedAsSuccessAndMetered() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    byte[] payload = status(8, System.currentTimeMillis(), 420, 30);
    double before = fixture.messages(Outcome.DUPLICATE);

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    Mqtt5PublishResult again = client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();

    assertThat(((Mqtt5PublishResult.Mqtt5Qos1Result) again).getPubAck().getReasonCode())
        .isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    assertThat(fixture.messages(Outcome.DUPLICATE)).isEqualTo(before + 1);
    client.disconnect();
  }

  @Test
  void backFilledOlderSnapshotDoesNotOverwriteNewerState() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    long now = System.currentTimeMillis();

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(status(20, now, 420, 10)).send();
    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE).payload(status(21, now - 3_600_000, 420, 99)).send();

    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(10);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE lot_id = 'L-1'")).isEqualTo(2);
    client.disconnect();
  }

  @Test
  void closedFlagIsKeptInState() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(("{\"seq\":30,\"ts\":" + System.currentTimeMillis() + ",\"total\":420,\"free\":0,\"closed\":true}")
            .getBytes())
        .send();

    assertThat(fixture.db().rows("SELECT closed FROM lot_state WHERE lot_id = 'L-1'"))
        .containsExactly(Map.of("closed", true));
    client.disconnect();
  }

  @Test
  void qos2StatusIsStored() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    Mqtt5PublishResult result = client.publishWith().topic(TOPIC).qos(MqttQos.EXACTLY_ONCE)
        .payload(status(40, System.currentTimeMillis(), 420, 5)).send();

    assertThat(result.getError()).isEmpty();
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(5);
    client.disconnect();
  }

  @Test
  void stateSurvivesAnIngestRestart() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(50, System.currentTimeMillis(), 420, 77)).send();
    client.disconnect();

    fixture.stopIngest();
    fixture.startIngest();

    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(77);
    Mqtt5BlockingClient again = fixture.connect5(GW1, GW1_SECRET);
    again.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(51, System.currentTimeMillis(), 420, 76)).send();
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(76);
    again.disconnect();
  }

  private static boolean completesWithin(CompletableFuture<?> future, long millis) throws Exception {
    try {
      future.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    }
  }
}
