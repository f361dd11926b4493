package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: the admin sees a device connected, disables it, and its live session is closed. */
class AdminDisablesADeviceTest {

  private ServerFixture server;

  @BeforeEach
  void start() {
    server = new ServerFixture().start();
    server.importCatalogue(new JsonObject(ServerFixture.CITY));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void disablingAConnectedDeviceClosesItsSessionAndRefusesItsNextConnect() {
    Mqtt5BlockingClient gw1 = connect();
    Eventually.within(Duration.ofSeconds(5), "gw-1 listed as connected", () -> gw1Listed().getBoolean("connected"));

    JsonObject disabled = server.post("/api/v1/admin/devices/gw-1/disable", "");

    assertThat(disabled.getBoolean("enabled")).isFalse();
    Eventually.within(Duration.ofSeconds(2), "gw-1's session closed", () -> !gw1.getState().isConnected());
    assertThatThrownBy(this::connect)
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    Eventually.within(Duration.ofSeconds(5), "gw-1 listed as not connected", () -> !gw1Listed().getBoolean("connected"));
  }

  private JsonObject gw1Listed() {
    return server.getAsAdmin("/api/v1/admin/devices?limit=1").getJsonArray("devices").getJsonObject(0);
  }

  private Mqtt5BlockingClient connect() {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("gw-1")
        .serverHost("127.0.0.1").serverPort(server.mqttPort()).buildBlocking();
    client.connectWith().simpleAuth().username("gw-1")
        .password(ServerFixture.GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
    return client;
  }
}
