package dev.smartparking.db;

import dev.smartparking.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Creates the reactive PostgreSQL pools and connection options every part of the server uses. */
public final class PgClients {

  private static final int PREPARED_STATEMENT_CACHE_SQL_LIMIT = 64 * 1024;

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
        .setReconnectAttempts(0);
  }

  /** A pool named for its job, so pool metrics tell the writer's connections from the API's. */
  public static Pool pool(Vertx vertx, ServerConfig.Database database, String name, int size) {
    return pool(vertx, connectOptions(database), name, size);
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
