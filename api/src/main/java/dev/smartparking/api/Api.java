package dev.smartparking.api;

import dev.smartparking.api.admin.CatalogueResource;
import dev.smartparking.api.availability.AvailabilityResource;
import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.health.HealthResource;
import dev.smartparking.api.http.BearerAuth;
import dev.smartparking.api.http.ErrorResponses;
import dev.smartparking.api.http.Role;
import dev.smartparking.api.occupancy.OccupancyResource;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** The REST side of the server: routes of API.md, admin import, health and metrics on one HTTP listener. */
public final class Api {

  private final HttpServer server;
  private final Pool pool;
  private final Vertx vertx;
  private final String viewDeployment;

  private Api(HttpServer server, Pool pool, Vertx vertx, String viewDeployment) {
    this.server = server;
    this.pool = pool;
    this.vertx = vertx;
    this.viewDeployment = viewDeployment;
  }

  public static Future<Api> start(Vertx vertx, ServerConfig config, PrometheusMeterRegistry meters) {
    return start(vertx, config, meters, Clock.systemUTC());
  }

  /**
   * With the clock that decides when a lot went offline. Answers at once, even with PostgreSQL
   * down: the availability view loads as soon as it can, and readiness says when it has.
   */
  static Future<Api> start(Vertx vertx, ServerConfig config, PrometheusMeterRegistry meters, Clock clock) {
    Pool pool = PgClients.pool(vertx, config.database(), "api", config.database().poolSize());
    ReportingRule reporting = new ReportingRule(config.lots().offlineAfter(), clock);
    AvailabilityView view = new AvailabilityView(pool, PgClients.connectOptions(config.database()), reporting);
    return vertx.deployVerticle(view)
        .compose(deployment -> vertx.createHttpServer(
                new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port()))
            .requestHandler(router(vertx, config, pool, meters, clock, reporting, view))
            .listen()
            .map(server -> new Api(server, pool, vertx, deployment))
            .onFailure(e -> vertx.undeploy(deployment)))
        .onFailure(e -> pool.close());
  }

  static Router router(Vertx vertx, ServerConfig config, Pool pool, PrometheusMeterRegistry meters, Clock clock,
      ReportingRule reporting, AvailabilityView view) {
    BearerAuth auth = new BearerAuth(config.http());
    HealthResource health = new HealthResource(pool, view);
    AvailabilityResource availability = new AvailabilityResource(view, reporting);
    OccupancyResource occupancy = new OccupancyResource(pool, clock);
    CatalogueResource catalogue = new CatalogueResource(new CatalogueImport(pool), config.http().maxBodyBytes());

    Router router = Router.router(vertx);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(meters.scrape()));
    router.get("/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8")
        .sendFile("openapi.yaml").onFailure(ctx::fail));

    router.get("/api/v1/availability").handler(auth.require(Role.READER)).handler(availability::city);
    router.get("/api/v1/lots/:lotId").handler(auth.require(Role.READER)).handler(availability::lot);
    router.get("/api/v1/lots/:lotId/occupancy").handler(auth.require(Role.READER)).handler(occupancy::get);
    // Paused at once: a body arriving with the headers would otherwise be dropped before the
    // resource, which reads it only after the token was checked, listens for it.
    router.post("/api/v1/admin/catalogue")
        .handler(ctx -> {
          ctx.request().pause();
          ctx.next();
        })
        .handler(auth.require(Role.ADMIN))
        .handler(catalogue::post);

    router.route().failureHandler(ErrorResponses::handle);
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);
    return router;
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close().eventually(() -> vertx.undeploy(viewDeployment)).eventually(pool::close);
  }
}
