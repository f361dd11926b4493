package dev.smartparking.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.db.PgClients;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StorageProbeTest {

  private static TestDatabase db;
  private static Vertx vertx;
  private static Pool pool;

  private final AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(1));

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, new PgConnectOptions().setHost(db.host()).setPort(db.port())
        .setDatabase(db.name()).setUser(db.user()), "probe-test", 1);
  }

  @AfterAll
  static void close() {
    pool.close().await();
    vertx.close().await();
    db.close();
  }

  @Test
  void asksPostgresqlAtMostOnceASecondHoweverOftenItIsAsked() {
    StorageProbe probe = new StorageProbe(pool, now::get);

    Future<String> first = probe.state();
    for (int i = 0; i < 1000; i++) {
      assertThat(probe.state()).isSameAs(first);
    }
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    assertThat(probe.state()).isSameAs(first);

    assertThat(first.await()).isEqualTo("up");
  }

  @Test
  void asksAgainOnceItsAnswerIsASecondOld() {
    StorageProbe probe = new StorageProbe(pool, now::get);
    Future<String> first = probe.state();
    first.await();

    now.addAndGet(TimeUnit.SECONDS.toNanos(1));

    Future<String> second = probe.state();
    assertThat(second).isNotSameAs(first);
    assertThat(second.await()).isEqualTo("up");
  }
}
