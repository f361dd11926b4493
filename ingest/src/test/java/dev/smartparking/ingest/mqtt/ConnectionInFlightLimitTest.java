package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that sends faster than storage commits is stopped at its in-flight limit (the receive
 * maximum), also over MQTT 3.1.1 and at QoS 0 where the protocol itself bounds nothing.
 */
class ConnectionInFlightLimitTest {

  private static final int LIMIT = 50;
  private static final int MESSAGES = 1_000;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard().with("mqtt.receive-maximum", Integer.toString(LIMIT));

  @Test
  void stopsReadingAConnectionAtItsInFlightLimitAndResumesAfter() throws Exception {
    Mqtt3BlockingClient device = fixture.connect3(GW1, GW1_SECRET);
    long t0 = System.currentTimeMillis();
    try (StorageLock stuck = StorageLock.hold(fixture.db())) {
      for (int seq = 1; seq <= MESSAGES; seq++) {
        device.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_MOST_ONCE)
            .payload(IngestFixture.status(seq, t0 + seq, 420, seq % 420)).send();
      }
      Eventually.within(Duration.ofSeconds(10), "the connection paused",
          () -> fixture.gauge("smartparking.mqtt.connections.paused") == 1);
      Eventually.throughout(Duration.ofMillis(500), "messages read and held while storage is stuck stay within " + LIMIT,
          () -> fixture.gauge("smartparking.ingest.messages.in_flight") <= LIMIT);
    }

    Eventually.within(Duration.ofSeconds(30), "every message stored once storage moves again",
        () -> fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ?", GW1) == MESSAGES);
    Eventually.within(Duration.ofSeconds(5), "the connection read again",
        () -> fixture.gauge("smartparking.mqtt.connections.paused") == 0);
    device.disconnect();
  }
}
