package dev.smartparking.db;

import dev.smartparking.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;

/** Creates the reactive PostgreSQL pools and connection options every part of the server uses. */
public final class PgClients {

  private static final int PREPARED_STATEMENT_CACHE_SQL_LIMIT = 64 * 1024;
  /** The PostgreSQL setting, in milliseconds when given without a unit. */
  private static final String STATEMENT_TIMEOUT = "statement_timeout";
  /**
   * PostgreSQL compiles a statement with LLVM when its estimated cost passes jit_above_cost, and
   * does so again at every execution. Ingest's batch statement over partitioned tables passed it
   * once a day of full-scale history was stored: each batch spent 10 to 25 s compiling, and
   * acknowledgements stalled for as long (seen in bench/retention.sh). Every statement of this
   * server is short, so compiling never pays; it is off for every connection, in its start-up
   * packet.
   */
  static final String JIT = "jit";

  private PgClients() {}

  public static PgConnectOptions connectOptions(ServerConfig.Database database) {
    return new PgConnectOptions()
        .setHost(database.host())
        .setPort(database.port())
        .setDatabase(database.name())
        .setUser(database.user())
        .setPassword(database.password())
        .setCachePreparedStatements(true)
        // The client caches only statements under 2048 characters by default; ingest's batch
        // statement is several times that, and parsing and planning it again for every batch cost
        // PostgreSQL more than inserting 500 rows.
        .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_CACHE_SQL_LIMIT)
        .setReconnectAttempts(0)
        .addProperty(JIT, "off");
  }

  /** A pool named for its job, so pool metrics tell the writer's connections from the API's. */
  public static Pool pool(Vertx vertx, ServerConfig.Database database, String name, int size) {
    return pool(vertx, connectOptions(database), name, size);
  }

  /**
   * A pool whose statements PostgreSQL cancels after {@code statementTimeout} (SQLSTATE 57014). Set
   * in each connection's start-up packet, so it costs no round trip and no pooled connection can
   * be without it. A bounded statement also bounds the locks it holds: an admin query over months
   * cannot keep partition maintenance, and with it ingest, waiting behind it.
   */
  public static Pool pool(Vertx vertx, ServerConfig.Database database, String name, int size,
      Duration statementTimeout) {
    return pool(vertx, connectOptions(database).addProperty(STATEMENT_TIMEOUT, Long.toString(statementTimeout.toMillis())),
        name, size);
  }

  /** As above, over {@code options} (the usual ones with a setting of its own, say). */
  public static Pool pool(Vertx vertx, PgConnectOptions options, String name, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name).setShared(false))
        .connectingTo(options)
        .using(vertx)
        .build();
  }
}
