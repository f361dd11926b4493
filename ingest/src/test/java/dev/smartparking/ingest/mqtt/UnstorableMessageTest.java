package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.RowLock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One device's bad message must not hold back the others written in the same batch. One
 * listener and one writer connection, and the writer held busy on a row lock, so that the
 * messages published meanwhile queue up and form one batch.
 */
class UnstorableMessageTest {

  private static final String L1_PASSAGES = "v1/lots/L-1/passages";
  private static final String L2_STATUS = "v1/lots/L-2/status";

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("mqtt.instances", "1").with("ingest.writer-connections", "1");

  private Mqtt5BlockingClient gw1;
  private Mqtt5BlockingClient gw2;
  private long now;

  @BeforeEach
  void connect() {
    fixture.clearMessages();
    fixture.db().execute("ALTER TABLE lot_passage_events DROP CONSTRAINT IF EXISTS refuses_test_gate");
    now = System.currentTimeMillis();
    gw1 = fixture.connect5(GW1, GW1_SECRET);
    gw2 = fixture.connect5(GW2, GW2_SECRET);
    // L-2's state row exists, so that a lock on it can hold the writer
    Publish.qos1(gw2, L2_STATUS, status(1, now - 10_000, 100, 50));
  }

  @AfterEach
  void disconnect() {
    for (Mqtt5BlockingClient client : List.of(gw1, gw2)) {
      if (client.getState().isConnected()) {
        client.disconnect();
      }
    }
  }

  @Test
  void nulInGateIsRejectedAsInvalidNamingTheField() {
    Mqtt5PubAckReasonCode code = Publish.qos1(gw1, L1_PASSAGES, passage(1, "E\\u00001"));

    assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    assertThat(fixture.db().rows("SELECT reason, detail FROM rejected_messages")).containsExactly(Map.of(
        "reason", "invalid", "detail", "gate: control character U+0000 at index 1 is not allowed"));
  }

  @Test
  void nulInGateDoesNotStopAnotherDevicesMessagesInTheSameBatch() throws Exception {
    CompletableFuture<Mqtt5PublishResult> other = whileTheWriterIsBusy(2, () -> {
      publishAsync(gw1, L1_PASSAGES, passage(2, "\\u0000").getBytes(StandardCharsets.UTF_8));
      return publishAsync(gw2, L2_STATUS, status(3, now, 100, 42));
    });

    assertThat(reasonCode(other)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-2'")).isEqualTo(42);
    assertThat(fixture.db().count("SELECT count(*) FROM rejected_messages WHERE reason = 'invalid'")).isEqualTo(1);
  }

  @Test
  void messageThatPostgresRefusesIsIsolatedAndTheRestOfItsBatchStored() throws Exception {
    // A rule the decoders do not know, standing for any gap between their checks and the schema's
    fixture.db().execute("ALTER TABLE lot_passage_events ADD CONSTRAINT refuses_test_gate CHECK (gate <> 'X9')");
    double before = unstorable();

    CompletableFuture<Mqtt5PublishResult> other = whileTheWriterIsBusy(2, () -> {
      publishAsync(gw1, L1_PASSAGES, passage(4, "X9").getBytes(StandardCharsets.UTF_8));
      return publishAsync(gw2, L2_STATUS, status(5, now, 100, 41));
    });

    assertThat(reasonCode(other)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-2'")).isEqualTo(41);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_passage_events")).isZero();
    assertThat(unstorable()).isEqualTo(before + 1);
  }

  @Test
  void connectionOfTheUnstorableMessageIsClosedUnacknowledged() throws Exception {
    fixture.db().execute("ALTER TABLE lot_passage_events ADD CONSTRAINT refuses_test_gate CHECK (gate <> 'X9')");

    CompletableFuture<Mqtt5PublishResult> poisoned = publishAsync(gw1, L1_PASSAGES,
        passage(6, "X9").getBytes(StandardCharsets.UTF_8));

    assertThat(poisoned).failsWithin(10, TimeUnit.SECONDS);
    assertThat(gw1.getState().isConnected()).isFalse();
  }

  /**
   * Holds the single writer connection on a lock of L-2's state row while a first status is
   * written, runs the publishes, waits until all {@code queued} of them are queued behind it (so
   * they form one batch), then lets go.
   */
  private <T> T whileTheWriterIsBusy(int queued, Supplier<T> publishes) throws Exception {
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-2' FOR UPDATE")) {
      CompletableFuture<Mqtt5PublishResult> first = publishAsync(gw2, L2_STATUS, status(2, now - 5_000, 100, 49));
      lock.awaitWaiters(1);
      T result = publishes.get();
      Eventually.within(Duration.ofSeconds(10), queued + " messages queued behind the busy writer",
          () -> fixture.gauge("smartparking.ingest.writer.queued") >= queued);
      lock.release();
      assertThat(reasonCode(first)).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
      return result;
    }
  }

  private static CompletableFuture<Mqtt5PublishResult> publishAsync(Mqtt5BlockingClient client, String topic,
      byte[] payload) {
    return client.toAsync().publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
  }

  private static Mqtt5PubAckReasonCode reasonCode(CompletableFuture<Mqtt5PublishResult> result) throws Exception {
    return ((Mqtt5PublishResult.Mqtt5Qos1Result) result.get(10, TimeUnit.SECONDS)).getPubAck().getReasonCode();
  }

  private String passage(long seq, String gateJson) {
    return "{\"seq\":" + seq + ",\"ts\":" + now + ",\"direction\":\"in\",\"gate\":\"" + gateJson + "\"}";
  }

  private double unstorable() {
    return fixture.meters.get("smartparking.ingest.unstorable").counter().count();
  }
}
