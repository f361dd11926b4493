package dev.smartparking.api;

import dev.smartparking.api.admin.CatalogueResource;
import dev.smartparking.api.device.DeviceListResource;
import dev.smartparking.api.device.DeviceStateResource;
import dev.smartparking.api.audit.MessageCountsResource;
import dev.smartparking.api.audit.RejectedResource;
import dev.smartparking.api.availability.AvailabilityMetrics;
import dev.smartparking.api.availability.AvailabilityResource;
import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.contract.ApiContract;
import dev.smartparking.api.contract.ContractCheck;
import dev.smartparking.api.cover.AlarmActionResource;
import dev.smartparking.api.cover.AlarmListResource;
import dev.smartparking.api.cover.AlarmMetrics;
import dev.smartparking.api.cover.AlarmResource;
import dev.smartparking.api.cover.CoverResource;
import dev.smartparking.api.cover.delivery.DeliveryListResource;
import dev.smartparking.api.cover.delivery.DeliveryRetryResource;
import dev.smartparking.api.cover.stream.AlarmEventFeed;
import dev.smartparking.api.sse.StreamMetrics;
import dev.smartparking.api.cover.stream.AlarmStreamResource;
import dev.smartparking.api.cover.stream.AlarmStreamSettings;
import dev.smartparking.api.health.HealthResource;
import dev.smartparking.api.health.OpsRoutes;
import dev.smartparking.api.health.StorageProbe;
import dev.smartparking.api.http.BearerAuth;
import dev.smartparking.api.http.ErrorResponses;
import dev.smartparking.api.http.Reach;
import dev.smartparking.api.http.Role;
import dev.smartparking.api.lot.LotListResource;
import dev.smartparking.api.lot.LotResource;
import dev.smartparking.api.lot.LotView;
import dev.smartparking.api.lot.NearbyLotsResource;
import dev.smartparking.api.ngsi.NgsiResource;
import dev.smartparking.api.replica.ReadPools;
import dev.smartparking.api.replica.ReplicaLag;
import dev.smartparking.api.occupancy.OccupancyResource;
import dev.smartparking.api.push.PushFeed;
import dev.smartparking.api.push.PushSettings;
import dev.smartparking.api.push.PushStreamResource;
import dev.smartparking.api.report.CoversReport;
import dev.smartparking.api.report.OnboardingReport;
import dev.smartparking.api.token.IssuedTokens;
import dev.smartparking.api.token.TokenResource;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.health.ReadinessCheck;
import dev.smartparking.tls.ServerTls;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The REST side of the server: routes of API.md, admin import, health and metrics on one HTTP listener. */
public final class Api {

  private final HttpServer server;
  private final Pool pool;
  private final Pool standby;
  private final Router router;
  private final Vertx vertx;
  private final List<String> deployments;
  private final AvailabilityView view;
  private final ServerTls tls;

  private Api(HttpServer server, Pool pool, Pool standby, Router router, Vertx vertx, List<String> deployments,
      AvailabilityView view, ServerTls tls) {
    this.server = server;
    this.pool = pool;
    this.standby = standby;
    this.router = router;
    this.vertx = vertx;
    this.deployments = deployments;
    this.view = view;
    this.tls = tls;
  }

  /** With the readiness of other parts of this process (ingest), reported by {@code /health/ready}. */
  public static Future<Api> start(Vertx vertx, ServerConfig config, PrometheusMeterRegistry meters,
      List<ReadinessCheck> readiness) {
    return start(vertx, config, meters, Clock.systemUTC(), readiness);
  }

  /**
   * With the clock that decides when a lot went offline. Answers at once, even with PostgreSQL
   * down: the availability view loads as soon as it can, and readiness says when it has.
   */
  static Future<Api> start(Vertx vertx, ServerConfig config, PrometheusMeterRegistry meters, Clock clock,
      List<ReadinessCheck> readiness) {
    return start(vertx, config, meters, clock, AlarmStreamSettings.DEFAULT, PushSettings.DEFAULT, readiness);
  }

  /** With the alarm stream's heartbeat, queue bound and poll, and the pushed streams' settings, which tests change. */
  static Future<Api> start(Vertx vertx, ServerConfig config, PrometheusMeterRegistry meters, Clock clock,
      AlarmStreamSettings stream, PushSettings push, List<ReadinessCheck> readiness) {
    Pool pool = PgClients.pool(vertx, config.database(), "api", config.database().poolSize(),
        config.http().statementTimeout());
    ReportingRule reporting = new ReportingRule(config.lots().offlineAfter(), clock);
    LotView lotView = new LotView(reporting);
    PushFeed pushed = new PushFeed(push, lotView);
    AvailabilityView view = new AvailabilityView(pool, PgClients.connectOptions(config.database()), reporting,
        new AvailabilityMetrics(meters, clock), pushed);
    AlarmEventFeed feed = new AlarmEventFeed(pool, PgClients.connectOptions(config.database()), stream);
    IssuedTokens tokens = new IssuedTokens(pool, PgClients.connectOptions(config.database()));
    Pool standby = config.replica().configured()
        ? PgClients.pool(vertx, config.replica().at(config.database()), "api-standby", config.database().poolSize(),
            config.http().statementTimeout())
        : null;
    ReplicaLag lag = standby == null ? null : new ReplicaLag(pool, standby);
    ReadPools reads = standby == null ? ReadPools.primaryOnly(pool, meters)
        : ReadPools.withStandby(pool, standby, lag, config.replica().maxLag(), meters);
    List<String> deployed = new CopyOnWriteArrayList<>();
    // Before the view, which tells it every change.
    return vertx.deployVerticle(pushed)
        .compose(deployment -> {
          deployed.add(deployment);
          return vertx.deployVerticle(view);
        })
        .compose(deployment -> {
          deployed.add(deployment);
          return vertx.deployVerticle(tokens);
        })
        .compose(deployment -> {
          deployed.add(deployment);
          return lag == null ? Future.<String>succeededFuture() : vertx.deployVerticle(lag);
        })
        .compose(deployment -> {
          if (deployment != null) {
            deployed.add(deployment);
          }
          return vertx.deployVerticle(feed);
        })
        .compose(deployment -> {
          deployed.add(deployment);
          return ApiContract.load(vertx);
        })
        .compose(contract -> (config.http().tls() ? ServerTls.start(vertx, config.tls(), meters, "http")
            : Future.<ServerTls>succeededFuture()).map(tls -> new Listening(contract, tls)))
        .compose(listening -> {
          ServerTls tls = listening.tls();
          Router router = router(vertx, config, pool, reads, meters, clock, reporting, lotView, view, feed, stream,
              new PushStreamResource(view, pushed, push, meters), tokens, readiness, listening.contract());
          HttpServerOptions options = new HttpServerOptions()
              .setHost(config.http().host())
              .setPort(config.http().port())
              .setIdleTimeout((int) config.http().idleTimeout().toSeconds());
          options.setUseProxyProtocol(config.http().proxyProtocol());
          return vertx.createHttpServer(tls == null ? options : tls.secure(options))
              .requestHandler(router)
              .listen()
              .onFailure(e -> closeIfAny(tls))
              .map(server -> new Api(server, pool, standby, router, vertx, List.copyOf(deployed), view, tls));
        })
        .onFailure(e -> undeploy(vertx, deployed).eventually(pool::close).eventually(() -> closeIfAny(standby)));
  }

  static Router router(Vertx vertx, ServerConfig config, Pool pool, ReadPools reads, PrometheusMeterRegistry meters,
      Clock clock, ReportingRule reporting, LotView lotView, AvailabilityView view, AlarmEventFeed feed,
      AlarmStreamSettings stream, PushStreamResource pushed, IssuedTokens tokens, List<ReadinessCheck> readiness,
      ApiContract contract) {
    BearerAuth auth = new BearerAuth(config.http(), tokens, meters, new ContractCheck(contract));
    TokenResource tokenAdmin = new TokenResource(pool, tokens, meters);
    AvailabilityResource availability = new AvailabilityResource(view);
    LotResource lot = new LotResource(view, lotView);
    LotListResource lots = new LotListResource(view, lotView);
    NearbyLotsResource nearby = new NearbyLotsResource(view, lotView);
    OccupancyResource occupancy = new OccupancyResource(reads, clock);
    RejectedResource rejected = new RejectedResource(reads, clock);
    MessageCountsResource messageCounts = new MessageCountsResource(reads, clock);
    CatalogueResource catalogue = new CatalogueResource(new CatalogueImport(pool), config.http().maxBodyBytes());
    CoverResource cover = new CoverResource(pool);
    AlarmListResource alarms = new AlarmListResource(pool);
    AlarmResource alarm = new AlarmResource(pool);
    AlarmActionResource alarmActions = new AlarmActionResource(pool, new AlarmMetrics(meters));
    AlarmStreamResource alarmStream = new AlarmStreamResource(feed, stream, StreamMetrics.alarms(meters));
    DeliveryListResource deliveries = new DeliveryListResource(pool);
    CoversReport coversReport = new CoversReport(reads, clock);
    OnboardingReport onboardingReport = new OnboardingReport(reads, reporting);
    DeliveryRetryResource deliveryRetry = new DeliveryRetryResource(pool, config.alarms().deliveryLease());
    DeviceListResource devices = new DeviceListResource(reads);
    DeviceStateResource deviceState = new DeviceStateResource(pool);

    Router router = Router.router(vertx);
    if (!config.management().separate()) {
      List<ReadinessCheck> checks = new ArrayList<>(readiness);
      checks.add(0, view);
      OpsRoutes.mount(router, new HealthResource(new StorageProbe(pool), checks), meters);
    }
    // The contract every guarded request is checked against (ContractCheck), as written and as JSON.
    router.get("/openapi.yaml").putMetadata(Reach.KEY, Reach.OPEN).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(contract.yaml()));
    router.get("/openapi.json").putMetadata(Reach.KEY, Reach.OPEN).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/json; charset=utf-8").end(contract.json()));

    // Each route says what a scoped token sees of it (Reach); a test walks them all.
    auth.guard(router.get("/api/v1/availability"), Role.READER, Reach.CITY_WIDE).handler(availability::city);
    auth.guard(router.get("/api/v1/availability/stream"), Role.READER, Reach.CITY_WIDE)
        .handler(pushed::availability);
    auth.guard(router.get("/api/v1/lots"), Role.READER, Reach.SCOPED).handler(lots::get);
    // Before the lot route, which would take "nearby" or "stream" for a lot id.
    auth.guard(router.get("/api/v1/lots/nearby"), Role.READER, Reach.SCOPED).handler(nearby::get);
    auth.guard(router.get("/api/v1/lots/stream"), Role.READER, Reach.SCOPED).handler(pushed::lots);
    auth.guard(router.get("/api/v1/lots/:lotId"), Role.READER, Reach.SCOPED).handler(lot::get);
    auth.guard(router.get("/api/v1/lots/:lotId/occupancy"), Role.READER, Reach.SCOPED).handler(occupancy::get);
    // Fixed paths before the ids they would be taken for: "alarms" for a cover id, "stream" for an alarm id.
    auth.guard(router.get("/api/v1/covers/alarms"), Role.READER, Reach.SCOPED).handler(alarms::get);
    auth.guard(router.get("/api/v1/covers/alarms/stream"), Role.READER, Reach.SCOPED).handler(alarmStream::get);
    auth.guard(router.get("/api/v1/covers/alarms/:alarmId"), Role.READER, Reach.SCOPED).handler(alarm::get);
    auth.guard(router.post("/api/v1/covers/alarms/:alarmId/ack").handler(pauseBody()), Role.OPERATOR, Reach.SCOPED)
        .handler(alarmActions.acknowledge());
    auth.guard(router.post("/api/v1/covers/alarms/:alarmId/resolve").handler(pauseBody()), Role.OPERATOR,
        Reach.SCOPED).handler(alarmActions.resolve());
    auth.guard(router.get("/api/v1/covers/:coverId"), Role.READER, Reach.SCOPED).handler(cover::get);
    auth.guard(router.get("/api/v1/reports/covers"), Role.READER, Reach.SCOPED).handler(coversReport::get);
    auth.guard(router.get("/api/v1/reports/onboarding"), Role.READER, Reach.SCOPED).handler(onboardingReport::get);
    auth.guard(router.get("/api/v1/admin/deliveries"), Role.ADMIN, Reach.CITY_WIDE).handler(deliveries::get);
    auth.guard(router.post("/api/v1/admin/deliveries/:eventId/retry"), Role.ADMIN, Reach.CITY_WIDE)
        .handler(deliveryRetry::post);
    auth.guard(router.get("/api/v1/admin/devices"), Role.ADMIN, Reach.CITY_WIDE).handler(devices::get);
    auth.guard(router.post("/api/v1/admin/devices/:deviceId/disable"), Role.ADMIN, Reach.CITY_WIDE)
        .handler(deviceState.disable());
    auth.guard(router.post("/api/v1/admin/devices/:deviceId/enable"), Role.ADMIN, Reach.CITY_WIDE)
        .handler(deviceState.enable());
    auth.guard(router.get("/api/v1/admin/rejected"), Role.ADMIN, Reach.CITY_WIDE).handler(rejected::get);
    auth.guard(router.get("/api/v1/admin/message-counts"), Role.ADMIN, Reach.CITY_WIDE).handler(messageCounts::get);
    auth.guard(router.post("/api/v1/admin/catalogue").handler(pauseBody()), Role.ADMIN, Reach.CITY_WIDE)
        .handler(catalogue::post);
    auth.guard(router.post("/api/v1/admin/tokens").handler(pauseBody()), Role.ADMIN, Reach.CITY_WIDE)
        .handler(tokenAdmin::issue);
    auth.guard(router.get("/api/v1/admin/tokens"), Role.ADMIN, Reach.CITY_WIDE).handler(tokenAdmin::list);
    auth.guard(router.delete("/api/v1/admin/tokens/:tokenId"), Role.ADMIN, Reach.CITY_WIDE)
        .handler(tokenAdmin::revoke);
    // The NGSI-LD view of the lots (docs/ngsi-ld.md), with its own problem+json errors.
    NgsiResource.mount(router, auth, view, reporting, reads);

    router.route().failureHandler(ErrorResponses::handle);
    router.errorHandler(404, ErrorResponses::handle);
    router.errorHandler(405, ErrorResponses::handle);
    return router;
  }

  /**
   * Pauses the request at once: a body arriving with the headers would otherwise be dropped
   * before the handler that reads it, which runs only after the token was checked.
   */
  private static Handler<RoutingContext> pauseBody() {
    return ctx -> {
      ctx.request().pause();
      ctx.next();
    };
  }

  /** What the listener starts with: the loaded contract and, with TLS on, the certificates. */
  private record Listening(ApiContract contract, ServerTls tls) {}

  private static Future<Void> undeploy(Vertx vertx, List<String> deployments) {
    Future<Void> done = Future.succeededFuture();
    for (String deployment : deployments) {
      done = done.eventually(() -> vertx.undeploy(deployment));
    }
    return done;
  }

  /** Whether the API can answer from its availability view, for a management listener's readiness. */
  public ReadinessCheck readiness() {
    return view;
  }

  /** The routes served, for checking them against the OpenAPI document. */
  Router router() {
    return router;
  }

  public int port() {
    return server.actualPort();
  }

  private static void closeIfAny(ServerTls tls) {
    if (tls != null) {
      tls.close();
    }
  }

  private static Future<Void> closeIfAny(Pool pool) {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  public Future<Void> close() {
    closeIfAny(tls);
    return server.close().eventually(() -> undeploy(vertx, deployments)).eventually(pool::close)
        .eventually(() -> closeIfAny(standby));
  }
}
