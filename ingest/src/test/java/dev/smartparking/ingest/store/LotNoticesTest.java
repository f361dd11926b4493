package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ingest tells the availability views of the lots a batch changed in a notification of its own,
 * behind the batch statement on the writer's connection, and its batch transactions notify nothing
 * themselves (V21). Each test listens on
 * the channels with a connection of its own; a sentinel notification, sent after what is
 * examined, shows that nothing else came before it.
 */
class LotNoticesTest {

  @RegisterExtension static final IngestFixture fixture = IngestFixture.standard();

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final String SENTINEL = "sentinel";

  private final List<String> heard = new CopyOnWriteArrayList<>();
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
  void aWriterSessionsTransactionsNotifyNothingThemselves() {
    Pool pool = PgClients.pool(fixture.vertx(), LotNotices.of(false, metrics).writerOptions(database), "test-writer", 1);
    try {
      pool.query("""
          INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
          VALUES ('L-2', 100, 50, false, now(), now())
          ON CONFLICT (lot_id) DO UPDATE SET free = 49""").execute().await();

      assertThat(heardUntilSentinel()).isEmpty();
    } finally {
      pool.close().await();
    }
  }

  @Test
  void aBatchIsToldInOneNoticeOnlyOnceItsTransactionEnded() throws SQLException {
    Pool pool = PgClients.pool(fixture.vertx(), LotNotices.of(false, metrics).writerOptions(database), "test-writer", 1);
    BatchWriter writer = new BatchWriter(pool, context, 100, 1, metrics, LotNotices.of(false, metrics));
    long ts = System.currentTimeMillis();
    Promise<Outcome> first = Promise.promise();
    Promise<Outcome> second = Promise.promise();
    try (Connection lock = DriverManager.getConnection(fixture.db().jdbcUrl(), fixture.db().user(),
        fixture.db().password())) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("LOCK TABLE lot_state IN ACCESS EXCLUSIVE MODE");
      context.runOnContext(v -> {
        writer.write(new LotStatusReport(GW1, 10, ts, "L-1", 420, 12, null, ts)).onComplete(first);
        writer.write(new LotStatusReport(GW2, 10, ts, "L-2", 100, 8, null, ts)).onComplete(second);
      });
      Eventually.within(DEADLINE, "the batch waiting for the lock",
          () -> fixture.db().count("SELECT count(*) FROM pg_locks WHERE relation = 'lot_state'::regclass AND NOT granted") > 0);

      assertThat(heardUntilSentinel()).isEmpty();
      lock.commit();
    }
    assertThat(first.future().await()).isEqualTo(Outcome.ACCEPTED);
    assertThat(second.future().await()).isEqualTo(Outcome.ACCEPTED);
    // behind the batch: it may come a moment after the answer
    Eventually.within(DEADLINE, () -> "a notice, heard: " + heard, () -> !heard.isEmpty());

    List<String> notified = heardUntilSentinel();
    assertThat(notified).hasSize(1);
    assertThat(LotStateChannel.lotIds(notified.get(0).substring(changed("").length())))
        .containsExactlyInAnyOrder("L-1", "L-2");
    pool.close().await();
  }

  @Test
  void aStartingIngestAsksEveryViewToReadAllLotsAgain() {
    fixture.startAnotherIngest();

    Eventually.within(DEADLINE, () -> "a resync, heard: " + heard,
        () -> heard.contains(LotStateChannel.RESYNC + ":"));
  }

  /**
   * What was heard on {@link LotStateChannel#CHANGED} before a sentinel sent now, and forgotten with
   * it: notifications are delivered in commit order, so whatever committed before it has arrived
   * once it has.
   */
  private List<String> heardUntilSentinel() {
    fixture.db().execute("NOTIFY " + LotStateChannel.CHANGED + ", '" + SENTINEL + "'");
    Eventually.within(DEADLINE, "the sentinel", () -> heard.contains(changed(SENTINEL)));
    List<String> before = List.copyOf(heard.subList(0, heard.indexOf(changed(SENTINEL))));
    heard.subList(0, before.size() + 1).clear();
    return before.stream().filter(h -> h.startsWith(changed(""))).toList();
  }

  private static String changed(String payload) {
    return LotStateChannel.CHANGED + ":" + payload;
  }
}
