package dev.smartparking.db;

import dev.smartparking.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Creates the reactive PostgreSQL pools and connection options every part of the server uses. */
public final class PgClients {

  private PgClients() {}

  public static PgConnectOptions connectOptions(ServerConfig.Database database) {
    return new PgConnectOptions()
        .setHost(database.host())
        .setPort(database.port())
        .setDatabase(database.name())
        .setUser(database.user())
        .setPassword(database.password())
        .setCachePreparedStatements(true)
        .setReconnectAttempts(0);
  }

  /** A pool named for its job, so pool metrics tell the writer's connections from the API's. */
  public static Pool pool(Vertx vertx, ServerConfig.Database database, String name, int size) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setName(name).setShared(false))
        .connectingTo(connectOptions(database))
        .using(vertx)
        .build();
  }
}
