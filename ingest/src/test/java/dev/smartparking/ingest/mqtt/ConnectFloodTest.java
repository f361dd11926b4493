package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.ingest.Outcome;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a flood of CONNECTs and of foreign publishes costs: no registry query for an unknown device
 * or entity, and no socket held open without a CONNECT. The budget of failed logins is raised out
 * of the way here (FailedConnectsTest has it).
 */
class ConnectFloodTest {

  private static final int UNKNOWN_CONNECTS = 50;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("ingest.failed-connects-per-minute", "100000");

  @Test
  void unknownDevicesAreRefusedWithoutARegistryQuery() {
    double before = lookups("devices");

    for (int i = 0; i < UNKNOWN_CONNECTS; i++) {
      String id = "nobody-" + i;
      assertThatThrownBy(() -> fixture.connect5(id, "some-secret-0123456789"))
          .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
              .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    assertThat(lookups("devices")).isEqualTo(before);
  }

  @Test
  void publishesAboutUnboundOrUnknownEntitiesCostNoRegistryQuery() {
    double lots = lookups("lots");
    double covers = lookups("covers");
    double forbidden = fixture.messages(Outcome.FORBIDDEN);
    double unknown = fixture.messages(Outcome.UNKNOWN_ENTITY);
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    for (String topic : new String[] {"v1/lots/L-2/status", "v1/lots/L-404/status", "v1/covers/C-404/telemetry"}) {
      for (int i = 0; i < 10; i++) {
        try {
          client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
              .payload(IngestFixture.status(i + 1, System.currentTimeMillis(), 100, 1)).send();
        } catch (Mqtt5PubAckException refused) {
          // the answer every one of them gets: stored and acknowledged as a rejection
        }
      }
    }
    client.disconnect();

    assertThat(fixture.messages(Outcome.FORBIDDEN) - forbidden).isEqualTo(10);
    assertThat(fixture.messages(Outcome.UNKNOWN_ENTITY) - unknown).isEqualTo(20);
    assertThat(lookups("lots")).isEqualTo(lots);
    assertThat(lookups("covers")).isEqualTo(covers);
  }

  @Test
  void socketThatNeverSendsConnectIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", fixture.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
      InputStream in = socket.getInputStream();
      long start = System.nanoTime();

      int read = in.read();

      assertThat(read).as("closed by the server, nothing sent").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  private static double lookups(String registry) {
    return fixture.meters.get("smartparking.ingest.registry.queries").tag("registry", registry)
        .tag("query", "lookup").counter().count();
  }
}
