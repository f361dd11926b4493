package dev.smartparking.ingest.retention;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import dev.smartparking.ingest.IngestFixture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lot gateway publishing status snapshots at QoS 1, one after the other, from a thread of its
 * own, until closed: each PUBLISH waits for its PUBACK, so any stall of ingest shows whole in the
 * longest wait.
 */
final class PublishingDevice implements AutoCloseable {

  private final Mqtt5BlockingClient client;
  private final String topic;
  private final Thread thread;
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong longestNanos = new AtomicLong();
  /** When the PUBLISH waiting for its PUBACK was sent; 0 between two. */
  private volatile long waitingSince;
  private volatile boolean stopping;
  private volatile Throwable failure;

  private PublishingDevice(Mqtt5BlockingClient client, String lot) {
    this.client = client;
    this.topic = "v1/lots/" + lot + "/status";
    this.thread = new Thread(this::publish, "publishing-device");
    this.thread.setDaemon(true);
  }

  static PublishingDevice start(IngestFixture fixture, String device, String secret, String lot) {
    PublishingDevice publishing = new PublishingDevice(fixture.connect5(device, secret), lot);
    publishing.thread.start();
    return publishing;
  }

  private void publish() {
    // seq from the wall clock, so it stays above whatever an earlier test had this device send
    long seq = System.currentTimeMillis() * 1000;
    try {
      while (!stopping) {
        seq++;
        long sent = System.nanoTime();
        waitingSince = sent;
        try {
          client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
              .payload(IngestFixture.status(seq, System.currentTimeMillis(), 420, (int) (seq % 420))).send();
          acknowledged.incrementAndGet();
        } catch (Mqtt5PubAckException e) {
          refused.incrementAndGet();
        }
        waitingSince = 0;
        longestNanos.accumulateAndGet(System.nanoTime() - sent, Math::max);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  long acknowledged() {
    return acknowledged.get();
  }

  /** Messages answered with a negative PUBACK. */
  long refused() {
    return refused.get();
  }

  /**
   * The longest a PUBLISH waited for its PUBACK since the start or the last {@link #measureAfresh()},
   * the one still waiting included: a stall shows while it lasts.
   */
  Duration longestWait() {
    long since = waitingSince;
    return Duration.ofNanos(Math.max(longestNanos.get(), since == 0 ? 0 : System.nanoTime() - since));
  }

  /** Forgets the waits so far: what the test did before is not what it measures. */
  void measureAfresh() {
    longestNanos.set(0);
  }

  /** Why the device stopped publishing before it was closed (its connection lost), or null. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(10_000);
    client.disconnect();
  }
}
