package dev.smartparking.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every pooled connection is set up with, read back from PostgreSQL. */
class PgClientsTest {

  private static TestDatabase db;
  private static Vertx vertx;
  private static ServerConfig.Database database;

  @BeforeAll
  static void start() {
    db = TestPostgres.freshDatabase();
    vertx = Vertx.vertx();
    database = ConfigLoader.defaults().setAll(db.serverSettings()).build().database();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    db.close();
  }

  @Test
  void everyConnectionRunsWithoutJit() {
    Pool pool = PgClients.pool(vertx, database, "test", 1);
    try {
      assertThat(setting(pool, "jit")).isEqualTo("off");
    } finally {
      pool.close().await();
    }
  }

  @Test
  void aPoolWithAStatementTimeoutKeepsJitOffToo() {
    Pool pool = PgClients.pool(vertx, database, "test-timeout", 1, Duration.ofSeconds(3));
    try {
      assertThat(setting(pool, "jit")).isEqualTo("off");
      assertThat(setting(pool, "statement_timeout")).isEqualTo("3s");
    } finally {
      pool.close().await();
    }
  }

  private static String setting(Pool pool, String name) {
    return pool.query("SHOW " + name).execute().await().iterator().next().getString(0);
  }
}
