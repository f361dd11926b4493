package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectTest {

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  @Test
  void wrongPasswordIsRefusedOverMqtt5() {
    assertThatThrownBy(() -> fixture.connect5(GW1, "not-the-secret-at-all"))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void wrongPasswordIsRefusedOverMqtt311() {
    assertThatThrownBy(() -> fixture.connect3(GW1, "not-the-secret-at-all"))
        .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(e.getMqttMessage().getReturnCode())
            .isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void unknownDeviceIsRefused() {
    assertThatThrownBy(() -> fixture.connect5("gw-nobody", GW1_SECRET))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void clientIdOtherThanTheDeviceIdIsRefused() {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("someone-else")
        .serverHost("127.0.0.1").serverPort(fixture.port()).buildBlocking();

    assertThatThrownBy(() -> client.connectWith().simpleAuth().username(GW1)
            .password(GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
  }

  @Test
  void connAckAnnouncesTheReceiveMaximum() {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(GW1)
        .serverHost("127.0.0.1").serverPort(fixture.port()).buildBlocking();

    Mqtt5ConnAck connAck = client.connectWith().simpleAuth().username(GW1)
        .password(GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();

    assertThat(connAck.getRestrictions().getReceiveMaximum()).isEqualTo(fixture.config().mqtt().receiveMaximum());
    client.disconnect();
  }

  @Test
  void subscribeIsRefused() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    Mqtt5SubAck subAck;
    try {
      subAck = client.subscribeWith().topicFilter("v1/#").send();
    } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException e) {
      subAck = e.getMqttMessage();
    }

    assertThat(subAck.getReasonCodes()).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
    client.disconnect();
  }

  @Test
  void secondConnectionWithTheSameClientIdTakesOver() {
    Mqtt5BlockingClient first = fixture.connect5(GW1, GW1_SECRET);
    Mqtt5BlockingClient second = fixture.connect5(GW1, GW1_SECRET);

    awaitDisconnected(first);
    assertThat(second.getState().isConnected()).isTrue();
    second.disconnect();
  }

  @Test
  void newSecretFromARegistryImportTakesEffectWithoutRestart() {
    fixture.connect5(IngestFixture.GW2, IngestFixture.GW2_SECRET).disconnect();

    fixture.importCatalogue(new Catalogue(List.of(), List.of(), List.of(), List.of(), List.of(
        new Catalogue.Device(IngestFixture.GW2, "lot_gateway", List.of("L-2"), List.of(), "rotated-secret-0123456", false))));

    awaitRefused(IngestFixture.GW2, IngestFixture.GW2_SECRET);
    Mqtt5BlockingClient client = fixture.connect5(IngestFixture.GW2, "rotated-secret-0123456");
    client.publishWith().topic("v1/lots/L-2/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(1, System.currentTimeMillis(), 100, 3)).send();
    assertThat(fixture.db().count("SELECT free FROM lot_state WHERE lot_id = 'L-2'")).isEqualTo(3);
    client.disconnect();
  }

  /** The change notification arrives asynchronously; the old secret must stop working within seconds. */
  private void awaitRefused(String device, String secret) {
    Eventually.within(Duration.ofSeconds(5), "the old secret refused after the import", () -> {
      try {
        fixture.connect5(device, secret).disconnect();
        return false;
      } catch (Mqtt5ConnAckException refused) {
        return true;
      }
    });
  }

  private static void awaitDisconnected(Mqtt5BlockingClient client) {
    Eventually.within(Duration.ofSeconds(5), "first connection closed", () -> !client.getState().isConnected());
  }
}
