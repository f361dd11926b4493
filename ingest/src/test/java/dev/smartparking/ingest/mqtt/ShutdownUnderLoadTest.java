package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.GW2_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.RowLock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stop under QoS 1 load from an MQTT 5 and an MQTT 3.1.1 device, with storage stalled by a row
 * lock part-way, so that some messages read are committed within the grace and some are not:
 * every message a device saw acknowledged is stored, the MQTT 5 device is told DISCONNECT 0x8B,
 * and the stop ends within {@code shutdown.grace}.
 */
class ShutdownUnderLoadTest {

  private static final Duration GRACE = Duration.ofSeconds(3);
  private static final Duration SEEN = Duration.ofSeconds(30);
  /** Messages each device keeps unacknowledged: more than a batch, fewer than the receive maximum. */
  private static final int OUTSTANDING = 40;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard().with("shutdown.grace", GRACE.toString());

  @AfterEach
  void restart() {
    fixture.startIngest();
  }

  @Test
  void everyAcknowledgedMessageIsStored() throws Exception {
    WatchedDevice gw1 = WatchedDevice.connect(fixture.port(), GW1, GW1_SECRET, "L-1");
    Mqtt3AsyncClient gw2 = MqttClient.builder().useMqttVersion3().identifier(GW2)
        .serverHost("127.0.0.1").serverPort(fixture.port()).buildAsync();
    gw2.connectWith().simpleAuth().username(GW2).password(GW2_SECRET.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send().get(10, TimeUnit.SECONDS);
    long t0 = System.currentTimeMillis();
    Load load1 = new Load(seq -> gw1.status(seq, t0 + seq).thenApply(WatchedDevice::acknowledged));
    Load load2 = new Load(seq -> gw2.publishWith().topic("v1/lots/L-2/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(IngestFixture.status(seq, t0 + seq, 100, (int) (seq % 100))).send().thenApply(published -> true));
    CompletableFuture<Void> running = CompletableFuture.allOf(
        CompletableFuture.runAsync(load1::run), CompletableFuture.runAsync(load2::run));

    long took;
    Eventually.within(SEEN, "messages acknowledged under load", () -> load1.acked().size() > 100);
    try (RowLock lock = RowLock.take(fixture.db(), "SELECT * FROM lot_state WHERE lot_id = 'L-1' FOR UPDATE")) {
      lock.awaitWaiters(1);
      long started = System.nanoTime();
      fixture.stopIngest();
      took = (System.nanoTime() - started) / 1_000_000;
    } finally {
      load1.stop();
      load2.stop();
    }
    running.get(SEEN.toSeconds(), TimeUnit.SECONDS);

    assertThat(took).as("stop took (ms)").isLessThan(GRACE.toMillis());
    assertThat(gw1.disconnectReason(SEEN.toSeconds())).isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
    assertThat(stored(GW1)).as("stored messages of the MQTT 5 device").containsAll(load1.acked());
    assertThat(stored(GW2)).as("stored messages of the MQTT 3.1.1 device").containsAll(load2.acked());
    assertThat(load1.sent()).as("sent, more than acknowledged").isGreaterThan(load1.acked().size());
  }

  private static Set<Long> stored(String device) {
    return fixture.db().rows("SELECT seq FROM lot_status_events WHERE device_id = ?", device).stream()
        .map(row -> ((Number) row.get("seq")).longValue()).collect(Collectors.toSet());
  }

  /** One device publishing as fast as its acknowledgements allow, remembering which came back. */
  private static final class Load {
    private final LongFunction<CompletableFuture<Boolean>> publish;
    private final Map<Long, Boolean> acked = new ConcurrentHashMap<>();
    private final Semaphore outstanding = new Semaphore(OUTSTANDING);
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private long sent;

    Load(LongFunction<CompletableFuture<Boolean>> publish) {
      this.publish = publish;
    }

    void stop() {
      loading.set(false);
    }

    void run() {
      try {
        for (long seq = 1; loading.get(); seq++) {
          if (!outstanding.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            seq--;
            continue;
          }
          long s = seq;
          sent = seq;
          publish.apply(seq).whenComplete((ok, failure) -> {
            if (failure == null && ok) {
              acked.put(s, true);
            } else {
              // the connection is gone: the device has nothing more to send to
              loading.set(false);
            }
            outstanding.release();
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    Set<Long> acked() {
      return acked.keySet();
    }

    long sent() {
      return sent;
    }
  }
}
