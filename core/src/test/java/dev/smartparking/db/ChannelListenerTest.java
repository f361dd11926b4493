package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The followers of channels in one process share one listening connection: PostgreSQL wakes every
 * listening connection of a database for every notification sent there.
 */
class ChannelListenerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private TestDatabase db;
  private Vertx vertx;
  private PgConnectOptions options;

  @BeforeEach
  void start() {
    db = TestPostgres.freshDatabase();
    vertx = Vertx.vertx();
    options = PgClients.connectOptions(ConfigLoader.defaults().setAll(db.serverSettings()).build().database());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    db.close();
  }

  @Test
  void theFollowersOfOneProcessShareOneListeningConnection() {
    AtomicInteger subscribed = new AtomicInteger();
    new ChannelListener(vertx, options, "a").on("channel_a", subscribed::incrementAndGet, p -> {}).listen();
    new ChannelListener(vertx, options, "b").on("channel_b", subscribed::incrementAndGet, p -> {}).listen();
    Eventually.within(DEADLINE, "both subscribed", () -> subscribed.get() == 2);

    assertThat(listeningConnections()).isEqualTo(1);
  }

  @Test
  void everyFollowerOfAChannelIsToldItListensAndHearsIt() {
    List<String> heard = new CopyOnWriteArrayList<>();
    AtomicInteger subscribed = new AtomicInteger();
    ChannelListener first = new ChannelListener(vertx, options, "first")
        .on("shared", subscribed::incrementAndGet, p -> heard.add("first:" + p));
    first.listen();
    Eventually.within(DEADLINE, "the first subscribed", () -> subscribed.get() == 1);
    new ChannelListener(vertx, options, "second").on("shared", subscribed::incrementAndGet, p -> heard.add("second:" + p))
        .listen();
    Eventually.within(DEADLINE, "the second subscribed", () -> subscribed.get() == 2);

    db.execute("NOTIFY shared, 'x'");
    Eventually.within(DEADLINE, () -> "both heard it: " + heard, () -> heard.size() == 2);
    assertThat(heard).containsExactlyInAnyOrder("first:x", "second:x");

    first.close().await();
    db.execute("NOTIFY shared, 'y'");
    Eventually.within(DEADLINE, () -> "the second heard it: " + heard, () -> heard.contains("second:y"));
    assertThat(heard).doesNotContain("first:y");
  }

  @Test
  void callbacksRunOnTheContextThatStartedListening() {
    Context context = vertx.getOrCreateContext();
    List<Context> ranOn = new CopyOnWriteArrayList<>();
    context.runOnContext(v -> new ChannelListener(vertx, options, "context")
        .on("ctx", () -> ranOn.add(Vertx.currentContext()), p -> ranOn.add(Vertx.currentContext()))
        .listen());
    Eventually.within(DEADLINE, "subscribed", () -> ranOn.size() == 1);

    db.execute("NOTIFY ctx, 'z'");
    Eventually.within(DEADLINE, "heard", () -> ranOn.size() == 2);
    assertThat(ranOn).containsOnly(context);
  }

  @Test
  void theLastFollowerOutClosesTheConnection() {
    AtomicInteger subscribed = new AtomicInteger();
    ChannelListener only = new ChannelListener(vertx, options, "only").on("gone", subscribed::incrementAndGet, p -> {});
    only.listen();
    Eventually.within(DEADLINE, "subscribed", () -> subscribed.get() == 1);

    only.close().await();

    Eventually.within(DEADLINE, "no listening connection left", () -> listeningConnections() == 0);
  }

  private long listeningConnections() {
    return db.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
  }
}
