package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL taken away mid-stream and given back: the writer holds what it could not write and
 * sends it again, the device keeps its connection, nothing is acknowledged before it is stored,
 * and every message ends stored exactly once.
 */
class StorageOutageTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.throughProxy();

  private static final int MESSAGES = 300;
  private static final int CUT_AFTER = 100;
  private static final long RECONNECT_BACK_OFF_MS = 100;
  private static final int OUTAGE_RETRIES = 5;

  @BeforeEach
  void clear() {
    fixture.clearMessages();
  }

  @Test
  void acknowledgesAMessagePublishedDuringTheCutOnlyOnceStorageReturns() throws Exception {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);
    long t0 = System.currentTimeMillis();
    client.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(IngestFixture.status(1, t0, 420, 1)).send();
    double retriesBefore = retries();

    fixture.storageProxy().cut();
    CompletableFuture<Mqtt5PublishResult> puback;
    try {
      puback = client.toAsync().publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
          .payload(IngestFixture.status(2, t0 + 1, 420, 2)).send();
      Eventually.within(Duration.ofSeconds(20), "the writer retried the batch twice", () -> retries() >= retriesBefore + 2);
      assertThat(fixture.gauge("smartparking.ingest.storage.retrying")).as("event loops retrying").isEqualTo(1);
      assertThat(puback).as("PUBACK while storage is cut").isNotDone();
    } finally {
      fixture.storageProxy().restore();
    }

    assertThat(puback.get(30, TimeUnit.SECONDS).getError()).as("publish error after restore").isEmpty();
    assertThat(client.getState().isConnected()).as("device still connected").isTrue();
    Eventually.within(Duration.ofSeconds(5), "retrying over", () -> fixture.gauge("smartparking.ingest.storage.retrying") == 0);
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = 'gw-1'")).isEqualTo(2L);
    client.disconnect();
  }

  @Test
  void everyAcknowledgedMessageIsStoredOnceAfterAnOutage() throws Exception {
    CountDownLatch halfway = new CountDownLatch(CUT_AFTER);
    CountDownLatch storageCut = new CountDownLatch(1);
    ExecutorService device = Executors.newSingleThreadExecutor();
    long t0 = System.currentTimeMillis();
    try {
      Future<Integer> retries = device.submit(() -> publishAllUntilAcknowledged(t0, halfway, storageCut));
      assertThat(halfway.await(60, TimeUnit.SECONDS)).as("first %d messages acknowledged", CUT_AFTER).isTrue();

      double retriesBefore = retries();
      fixture.storageProxy().cut();
      storageCut.countDown();
      // five attempts failed: about 1.5 s of outage at the writer's back-off (50 ms, doubling)
      Eventually.within(Duration.ofSeconds(30), "the writer's batch failing and held through the outage",
          () -> retries() >= retriesBefore + OUTAGE_RETRIES);
      fixture.storageProxy().restore();

      int failedAttempts = retries.get(120, TimeUnit.SECONDS);
      assertThat(failedAttempts).as("publishes that failed: the device kept its connection through the outage")
          .isZero();
    } finally {
      device.shutdownNow();
    }

    List<Map<String, Object>> stored = fixture.db().rows(
        "SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seqs, min(seq) AS first, max(seq) AS last "
            + "FROM lot_status_events WHERE device_id = ?", GW1);
    assertThat(stored.get(0)).containsEntry("n", (long) MESSAGES).containsEntry("distinct_seqs", (long) MESSAGES)
        .containsEntry("first", 1L).containsEntry("last", (long) MESSAGES);
  }

  /**
   * Publishes seq 1..MESSAGES, each until its PUBACK arrives, reconnecting whenever the server
   * closes the connection (as PROTOCOL.md asks of devices); returns how many attempts failed.
   * After the first CUT_AFTER it waits for {@code storageCut}, so the rest meet the outage.
   */
  private static int publishAllUntilAcknowledged(long t0, CountDownLatch acknowledged, CountDownLatch storageCut)
      throws InterruptedException {
    int failures = 0;
    Mqtt5BlockingClient client = null;
    for (int seq = 1; seq <= MESSAGES; ) {
      try {
        if (client == null) {
          client = fixture.connect5(GW1, GW1_SECRET);
        }
        client.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
            .payload(IngestFixture.status(seq, t0 + seq, 420, seq % 420)).send();
        acknowledged.countDown();
        if (seq == CUT_AFTER && !storageCut.await(60, TimeUnit.SECONDS)) {
          throw new AssertionError("storage never cut");
        }
        seq++;
      } catch (RuntimeException e) {
        failures++;
        client = disconnectQuietly(client);
        // a device's back-off before it connects again, not a wait for the server
        Thread.sleep(RECONNECT_BACK_OFF_MS);
      }
    }
    disconnectQuietly(client);
    return failures;
  }

  private static double retries() {
    return fixture.meters.get("smartparking.ingest.batch.retries").counter().count();
  }

  private static Mqtt5BlockingClient disconnectQuietly(Mqtt5BlockingClient client) {
    if (client != null) {
      try {
        client.disconnect();
      } catch (RuntimeException alreadyClosed) {
        // The server closed it: that is why we are here.
      }
    }
    return null;
  }
}
