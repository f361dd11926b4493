package dev.smartparking.api.health;

import dev.smartparking.api.http.ErrorResponses;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.health.ReadinessCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * The operations endpoints on a port of their own ({@code management.port}), so the API's public
 * port serves only the API; it runs in every process, ingest-only ones too, with the readiness
 * of what runs there. Its one connection answers the readiness ping.
 */
public final class ManagementListener {

  private final HttpServer server;
  private final Pool pool;

  private ManagementListener(HttpServer server, Pool pool) {
    this.server = server;
    this.pool = pool;
  }

  public static Future<ManagementListener> start(Vertx vertx, ServerConfig config, PrometheusMeterRegistry meters,
      List<ReadinessCheck> readiness) {
    Pool pool = PgClients.pool(vertx, config.database(), "management", 1);
    Router router = Router.router(vertx);
    OpsRoutes.mount(router, new HealthResource(new StorageProbe(pool), readiness), meters);
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);
    return vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.management().host())
            .setPort(config.management().port())
            .setIdleTimeout((int) config.http().idleTimeout().toSeconds()))
        .requestHandler(router)
        .listen()
        .map(server -> new ManagementListener(server, pool))
        .onFailure(e -> pool.close());
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close().eventually(pool::close);
  }
}
