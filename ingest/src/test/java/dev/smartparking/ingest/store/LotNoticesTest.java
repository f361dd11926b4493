package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.db.LotStateChannel;
import dev.smartparking.db.PgClients;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.testkit.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ingest tells the availability views of the lots it changed after its commits, from a connection
 * of its own (V21), and its batch transactions notify nothing themselves. Each test listens on
 * the channels with a connection of its own; a sentinel notification, sent after what is
 * examined, shows that nothing else came before it.
 */
class LotNoticesTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.standard();

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String SENTINEL = "sentinel";

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final List<LotNotices> started = new ArrayList<>();
  private PgConnection listening;
  private Context context;
  private PgConnectOptions database;
  private IngestMetrics metrics;

  @BeforeEach
  void listen() {
    database = PgClients.connectOptions(fixture.config().database());
    listening = PgConnection.connect(fixture.vertx(), database).await();
    listening.notificationHandler(n -> heard.add(n.getChannel() + ":" + n.getPayload()));
    listening.query("LISTEN " + LotStateChannel.CHANGED + "; LISTEN " + LotStateChannel.RESYNC).execute().await();
    context = fixture.vertx().getOrCreateContext();
    metrics = new IngestMetrics(new SimpleMeterRegistry());
  }

  @AfterEach
  void close() {
    for (LotNotices notices : started) {
      Promise<Void> closed = Promise.promise();
      context.runOnContext(v -> notices.close().onComplete(closed));
      closed.future().await();
    }
    listening.close().await();
  }

  @Test
  void aPublishedStatusIsToldAfterItsCommit() {
    Mqtt5BlockingClient device = fixture.connect5(GW1, GW1_SECRET);
    device.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(IngestFixture.status(1, System.currentTimeMillis(), 420, 37)).send();
    device.disconnect();

    Eventually.within(DEADLINE, () -> "the lot told, heard: " + heard, () -> heard.contains(changed("L-1")));
  }

  @Test
  void aBatchTransactionNotifiesNothingItself() {
    LotNotices notices = notices(Duration.ofMinutes(1));
    Pool pool = PgClients.pool(fixture.vertx(), notices.writerOptions(database), "test-writer", 1);
    BatchWriter writer = new BatchWriter(pool, context, 100, 1, metrics, notices);
    long ts = System.currentTimeMillis();
    Promise<Outcome> written = Promise.promise();
    context.runOnContext(v -> writer.write(new LotStatusReport(GW1, 2, ts, "L-1", 420, 12, null, ts))
        .onComplete(written));
    assertThat(written.future().await()).isEqualTo(Outcome.ACCEPTED);

    assertThat(heardUntilSentinel()).isEmpty();
    pool.close().await();
  }

  @Test
  void lotsCommittedWithinTheDelayAreToldInOneNotice() {
    LotNotices notices = notices(Duration.ofMillis(100));
    context.runOnContext(v -> {
      notices.committed(List.of("L-1"));
      notices.committed(List.of("L-2", "L-1"));
    });

    Eventually.within(DEADLINE, () -> "a notice, heard: " + heard, () -> !heard.isEmpty());
    List<String> notified = heardUntilSentinel();
    assertThat(notified).hasSize(1);
    assertThat(Set.copyOf(LotStateChannel.lotIds(notified.get(0).substring(changed("").length()))))
        .isEqualTo(Set.of("L-1", "L-2"));
  }

  @Test
  void closingTellsWhatIsGatheredAtOnce() {
    LotNotices notices = notices(Duration.ofMinutes(1));
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> {
      notices.committed(List.of("L-2"));
      notices.close().onComplete(closed);
    });
    closed.future().await();

    assertThat(heardUntilSentinel()).containsExactly(changed("L-2"));
  }

  @Test
  void aStartingIngestAsksEveryViewToReadAllLotsAgain() {
    fixture.startAnotherIngest();

    Eventually.within(DEADLINE, () -> "a resync, heard: " + heard,
        () -> heard.contains(LotStateChannel.RESYNC + ":"));
  }

  private LotNotices notices(Duration delay) {
    Promise<LotNotices> made = Promise.promise();
    context.runOnContext(v -> made.complete(LotNotices.start(context, database, delay, metrics)));
    started.add(made.future().await());
    return started.get(started.size() - 1);
  }

  /**
   * What was heard on {@link LotStateChannel#CHANGED} before a sentinel sent now: notifications are
   * delivered in commit order, so whatever committed before it has arrived once it has.
   */
  private List<String> heardUntilSentinel() {
    fixture.db().execute("NOTIFY " + LotStateChannel.CHANGED + ", '" + SENTINEL + "'");
    Eventually.within(DEADLINE, "the sentinel", () -> heard.contains(changed(SENTINEL)));
    return heard.stream()
        .takeWhile(h -> !h.equals(changed(SENTINEL)))
        .filter(h -> h.startsWith(changed("")))
        .toList();
  }

  private static String changed(String payload) {
    return LotStateChannel.CHANGED + ":" + payload;
  }
}
