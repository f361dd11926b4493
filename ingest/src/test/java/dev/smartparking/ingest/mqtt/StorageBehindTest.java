package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the writer's queue passes its high mark (four batches), every connection of that event loop
 * stops being read, including ones well below their own limit; they are read again once it drains.
 */
class StorageBehindTest {

  private static final int BATCH = 5;
  private static final int PER_DEVICE = 200;
  private static final int RECEIVE_MAXIMUM = 100;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("ingest.batch-max-messages", Integer.toString(BATCH))
      .with("mqtt.receive-maximum", Integer.toString(RECEIVE_MAXIMUM))
      .with("mqtt.instances", "1");

  @Test
  void stopsReadingEveryConnectionWhileStorageIsBehind() throws Exception {
    Mqtt5BlockingClient first = fixture.connect5(GW1, GW1_SECRET);
    Mqtt5BlockingClient second = fixture.connect5(GW2, GW2_SECRET);
    long t0 = System.currentTimeMillis();
    // One acknowledged message each first, so both lots are in the registry cache and every later
    // message reaches the writer's queue the moment it is read.
    Publish.qos1(first, "v1/lots/L-1/status", IngestFixture.status(0, t0, 420, 0));
    Publish.qos1(second, "v1/lots/L-2/status", IngestFixture.status(0, t0, 100, 0));
    try (StorageLock stuck = StorageLock.hold(fixture.db())) {
      for (int seq = 1; seq <= PER_DEVICE; seq++) {
        first.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_MOST_ONCE)
            .payload(IngestFixture.status(seq, t0 + seq, 420, seq % 420)).send();
        second.publishWith().topic("v1/lots/L-2/status").qos(MqttQos.AT_MOST_ONCE)
            .payload(IngestFixture.status(seq, t0 + seq, 100, seq % 100)).send();
      }
      Eventually.within(Duration.ofSeconds(10), "both connections paused as storage is behind",
          () -> fixture.gauge("smartparking.ingest.writer.behind") == 1
              && fixture.gauge("smartparking.mqtt.connections.paused") == 2);
      // Two batches of 5 in flight, the queue at its high mark of 20, and what was already read
      // and being inspected when the mark was passed: well below the 2 x 100 the connections' own
      // in-flight limits (the default receive maximum) would let in.
      Eventually.throughout(Duration.ofMillis(500), "messages read and held while storage is stuck stay under "
          + RECEIVE_MAXIMUM, () -> fixture.gauge("smartparking.ingest.messages.in_flight") < RECEIVE_MAXIMUM);
    }

    Eventually.within(Duration.ofSeconds(30), "every message stored once storage moves again",
        () -> fixture.db().count("SELECT count(*) FROM lot_status_events") == 2 * (PER_DEVICE + 1));
    Eventually.within(Duration.ofSeconds(5), "connections read again",
        () -> fixture.gauge("smartparking.ingest.writer.behind") == 0
            && fixture.gauge("smartparking.mqtt.connections.paused") == 0);
    first.disconnect();
    second.disconnect();
  }
}
