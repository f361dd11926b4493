package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters the ingest path adds for ops beside the outcome counters: what devices send, and how fast it is answered. */
class IngestMetersTest {

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard();

  @Test
  void countsReceivedMessagesByKindAndQos() throws InterruptedException {
    double statusQos1 = received("lot_status", "1");
    double unknownQos0 = received("unknown", "0");
    double unknownQos1 = received("unknown", "1");
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    client.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(1, System.currentTimeMillis(), 420, 37)).send();
    assertThatThrownBy(() -> client.publishWith().topic("v1/lots/L-1/weather").qos(MqttQos.AT_LEAST_ONCE)
        .payload(new byte[] {'{', '}'}).send()).isInstanceOf(Mqtt5PubAckException.class);
    client.publishWith().topic("no/such/topic").qos(MqttQos.AT_MOST_ONCE).payload(new byte[] {'{', '}'}).send();
    client.disconnect();

    Eventually.within(Duration.ofSeconds(10), "the QoS 0 message counted", () -> received("unknown", "0") == unknownQos0 + 1);
    assertThat(received("lot_status", "1")).isEqualTo(statusQos1 + 1);
    assertThat(received("unknown", "1")).isEqualTo(unknownQos1 + 1);
  }

  @Test
  void timesEachAcknowledgementFromItsPublish() throws InterruptedException {
    long acked = ackTimer().count();
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    client.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(2, System.currentTimeMillis(), 420, 36)).send();
    client.disconnect();

    // Recorded just after the PUBACK is written, so possibly a moment after the client read it.
    Eventually.within(Duration.ofSeconds(10), "the acknowledgement timed", () -> ackTimer().count() == acked + 1);
    assertThat(ackTimer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
  }

  private static Timer ackTimer() {
    return fixture.meters.get("smartparking.mqtt.ack").timer();
  }

  private static double received(String kind, String qos) {
    return fixture.meters.get("smartparking.mqtt.messages.received").tag("kind", kind).tag("qos", qos).counter().count();
  }
}
