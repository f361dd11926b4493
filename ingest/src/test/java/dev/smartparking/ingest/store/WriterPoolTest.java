package dev.smartparking.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The writer's sessions start with backend_flush_after as configured, over what the database
 * says, and with nothing of it when it is 0. The database here has a setting of its own, so that
 * "left to the server" and "set to the same value" cannot look alike.
 */
class WriterPoolTest {

  private static final String DATABASE_SETTING = "128kB";

  private static TestDatabase db;
  private static Vertx vertx;

  @BeforeAll
  static void database() {
    db = TestPostgres.freshDatabase();
    db.execute("ALTER DATABASE \"" + db.name() + "\" SET backend_flush_after = '" + DATABASE_SETTING + "'");
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void close() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void writerSessionsAskForWriteBackEvery256KiloBytesByDefault() {
    assertThat(writerSetting(ConfigLoader.defaults())).isEqualTo("256kB");
  }

  @Test
  void writerSessionsTakeTheConfiguredAmount() {
    assertThat(writerSetting(ConfigLoader.defaults().set("ingest.writer-flush-after-bytes", "1048576")))
        .isEqualTo("1MB");
  }

  @Test
  void zeroLeavesTheDatabasesOwnSetting() {
    assertThat(writerSetting(ConfigLoader.defaults().set("ingest.writer-flush-after-bytes", "0")))
        .isEqualTo(DATABASE_SETTING);
  }

  private static String writerSetting(ConfigLoader loader) {
    ServerConfig config = loader.setAll(db.serverSettings()).build();
    Pool pool = WriterPool.create(vertx, config.database(), config.ingest());
    try {
      return pool.query("SHOW " + WriterPool.BACKEND_FLUSH_AFTER).execute().await().iterator().next().getString(0);
    } finally {
      pool.close().await();
    }
  }
}
