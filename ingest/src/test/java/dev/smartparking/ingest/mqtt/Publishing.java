package dev.smartparking.ingest.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.ingest.IngestFixture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connected lot gateway publishing status snapshots at QoS 1 from a thread of its own, one after
 * the other, until its connection ends (or it is closed): a device busy when it is revoked.
 */
final class Publishing implements AutoCloseable {

  private final Mqtt5BlockingClient client;
  private final String topic;
  private final Thread thread;
  private final AtomicLong acknowledged = new AtomicLong();
  private volatile boolean stopping;

  private Publishing(Mqtt5BlockingClient client, String lot) {
    this.client = client;
    this.topic = "v1/lots/" + lot + "/status";
    this.thread = new Thread(this::publish, "publishing-" + client.getConfig().getClientIdentifier());
    this.thread.setDaemon(true);
  }

  static Publishing start(Mqtt5BlockingClient client, String lot) {
    Publishing publishing = new Publishing(client, lot);
    publishing.thread.start();
    return publishing;
  }

  private void publish() {
    long seq = System.currentTimeMillis() * 1000;
    try {
      while (!stopping && client.getState().isConnected()) {
        seq++;
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
            .payload(IngestFixture.status(seq, System.currentTimeMillis(), 420, (int) (seq % 420))).send();
        acknowledged.incrementAndGet();
      }
    } catch (RuntimeException connectionEnded) {
      // what a revoked device sees: its PUBLISH fails with the connection
    }
  }

  long acknowledged() {
    return acknowledged.get();
  }

  boolean connected() {
    return client.getState().isConnected();
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join();
    if (client.getState().isConnected()) {
      client.disconnect();
    }
  }
}
