package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.pubrec.Mqtt5PubRecReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.ingest.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Device faults: stored with their reason and acknowledged, and the connection goes on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RejectionTest {

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  private Mqtt5BlockingClient client;

  @BeforeEach
  void connect() {
    fixture.clearMessages();
    if (client == null || !client.getState().isConnected()) {
      client = fixture.connect5(GW1, GW1_SECRET);
    }
  }

  @Test
  void rejectsPublishToForeignLot() {
    Mqtt5PubAckReasonCode code = publish("v1/lots/L-2/status", status(1, now(), 100, 5));

    assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    assertThat(rejections()).containsExactly(Map.of("reason", "forbidden", "topic", "v1/lots/L-2/status"));
    assertThat(fixture.db().count("SELECT count(*) FROM lot_state")).isZero();
  }

  @Test
  void qos2RejectionCarriesItsReasonInThePubRec() {
    Mqtt5PubRecReasonCode code;
    try {
      client.publishWith().topic("v1/lots/L-2/status").qos(MqttQos.EXACTLY_ONCE).payload(status(1, now(), 100, 5)).send();
      code = Mqtt5PubRecReasonCode.SUCCESS;
    } catch (Mqtt5PubRecException e) {
      code = e.getMqttMessage().getReasonCode();
    }

    assertThat(code).isEqualTo(Mqtt5PubRecReasonCode.NOT_AUTHORIZED);
    assertThat(rejections()).containsExactly(Map.of("reason", "forbidden", "topic", "v1/lots/L-2/status"));
  }

  @Test
  void rejectsPublishToUnregisteredLot() {
    Mqtt5PubAckReasonCode code = publish("v1/lots/L-404/status", status(1, now(), 100, 5));

    assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
    assertThat(rejections()).containsExactly(Map.of("reason", "unknown_entity", "topic", "v1/lots/L-404/status"));
  }

  @Test
  void rejectsUnknownTopic() {
    Mqtt5PubAckReasonCode code = publish("v1/parking/L-1/status", status(1, now(), 100, 5));

    assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
    assertThat(rejections()).containsExactly(Map.of("reason", "unknown_topic", "topic", "v1/parking/L-1/status"));
  }

  @Test
  void storesATopicWithAControlCharacterEscaped() {
    // U+0001: the client refuses to send U+0000, which the same escaping covers
    Mqtt5PubAckReasonCode code = publish("v1/lots/L-1\u0001/status", status(1, now(), 420, 5));

    assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.TOPIC_NAME_INVALID);
    assertThat(rejections()).containsExactly(Map.of("reason", "unknown_topic", "topic", "v1/lots/L-1\\u0001/status"));
  }

  @Test
  void storesMalformedJsonWithItsRawPayloadAndKeepsTheConnection() {
    byte[] broken = "{\"seq\": 1, \"ts\": ".getBytes(StandardCharsets.UTF_8);

    Mqtt5PubAckReasonCode code = publish("v1/lots/L-1/status", broken);
    Mqtt5PubAckReasonCode next = publish("v1/lots/L-1/status", status(2, now(), 420, 40));

    assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    assertThat(fixture.db().rows("SELECT reason, payload FROM rejected_messages"))
        .singleElement()
        .satisfies(row -> {
          assertThat(row.get("reason")).isEqualTo("malformed");
          assertThat((byte[]) row.get("payload")).isEqualTo(broken);
        });
    assertThat(next).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-1'")).isEqualTo(40);
  }

  @Test
  void rejectsPayloadThatIsNotUtf8() {
    byte[] latin1 = "{\"seq\":1,\"ts\":1,\"total\":1,\"free\":0,\"gate\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(publish("v1/lots/L-1/status", latin1)).isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
    assertThat(rejections()).extracting(r -> r.get("reason")).containsExactly("malformed");
  }

  @Test
  void rejectsFreeAboveTotalAsInvalidNamingTheField() {
    assertThat(publish("v1/lots/L-1/status", status(3, now(), 10, 11)))
        .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

    assertThat(fixture.db().rows("SELECT reason, detail FROM rejected_messages"))
        .containsExactly(Map.of("reason", "invalid", "detail", "free: 11 is more than total 10"));
  }

  @Test
  void rejectsMissingSeqAsInvalid() {
    byte[] noSeq = ("{\"ts\":" + now() + ",\"total\":10,\"free\":1}").getBytes(StandardCharsets.UTF_8);

    publish("v1/lots/L-1/status", noSeq);

    assertThat(fixture.db().rows("SELECT reason, detail FROM rejected_messages"))
        .containsExactly(Map.of("reason", "invalid", "detail", "seq: missing"));
  }

  @Test
  void rejectsTimestampMoreThanFiveMinutesAhead() {
    assertThat(publish("v1/lots/L-1/status", status(4, now() + 600_000, 420, 1)))
        .isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);

    assertThat(rejections()).extracting(r -> r.get("reason")).containsExactly("clock");
    assertThat(fixture.db().count("SELECT count(*) FROM lot_state")).isZero();
  }

  @Test
  void countsRejectionsByReason() {
    double before = fixture.messages(Outcome.FORBIDDEN);

    publish("v1/lots/L-2/status", status(5, now(), 100, 5));

    assertThat(fixture.messages(Outcome.FORBIDDEN)).isEqualTo(before + 1);
  }

  @Test
  void mqtt311RejectionIsStoredAndAcknowledged() {
    Mqtt3BlockingClient v3 = fixture.connect3(IngestFixture.GW2, IngestFixture.GW2_SECRET);

    v3.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE).payload(status(1, now(), 1, 0)).send();

    assertThat(fixture.db().rows("SELECT device_id, reason FROM rejected_messages"))
        .containsExactly(Map.of("device_id", IngestFixture.GW2, "reason", "forbidden"));
    v3.disconnect();
  }

  private List<Map<String, Object>> rejections() {
    return fixture.db().rows("SELECT reason, topic FROM rejected_messages");
  }

  private Mqtt5PubAckReasonCode publish(String topic, byte[] payload) {
    return Publish.qos1(client, topic, payload);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
