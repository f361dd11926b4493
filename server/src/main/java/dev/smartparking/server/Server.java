package dev.smartparking.server;

import dev.smartparking.alarm.Alarms;
import dev.smartparking.api.Api;
import dev.smartparking.api.health.ManagementListener;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.SchemaMigrator;
import dev.smartparking.health.ReadinessCheck;
import dev.smartparking.ingest.Ingest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One server process: migrates the schema, then starts ingest, the API, or both, and the alarm
 * work (webhook deliveries, silent sweep, alarm gauges), as the configuration enables them, on one
 * Vert.x instance with Prometheus metrics. When ingest and the API both run, the API's readiness
 * includes ingest's.
 */
public final class Server implements AutoCloseable {

  private final Vertx vertx;
  private final Ingest ingest;
  private final Api api;
  private final Alarms alarms;
  private final ManagementListener management;

  private Server(Vertx vertx, Ingest ingest, Api api, Alarms alarms, ManagementListener management) {
    this.vertx = vertx;
    this.ingest = ingest;
    this.api = api;
    this.alarms = alarms;
    this.management = management;
  }

  public static Future<Server> start(ServerConfig config) {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setPreferNativeTransport(true)
            .setMetricsOptions(new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setNettyMetricsEnabled(true)
                // Plain TCP server meters cover only the MQTT port, and each socket registers its
                // three meters anew: under a CONNECT flood that was ~10 % of the event loops' time
                // (JFR), for meters no dashboard, alert or README reads (smartparking_mqtt_* count
                // connections and CONNECTs).
                .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)))
        .withMetrics(new MicrometerMetricsFactory(meters))
        .build();
    return vertx.executeBlocking(() -> {
          SchemaMigrator.migrate(config.database());
          return null;
        })
        .compose(v -> config.mqtt().enabled()
            ? Ingest.start(vertx, config, meters) : Future.<Ingest>succeededFuture())
        .compose(ingest -> (config.http().enabled()
            ? Api.start(vertx, config, meters, ingest == null ? List.of() : List.of(ingest.readiness()))
            : Future.<Api>succeededFuture())
            .compose(api -> (config.alarms().enabled()
                ? Alarms.start(vertx, config, meters) : Future.<Alarms>succeededFuture())
                .compose(alarms -> (config.management().separate()
                    ? ManagementListener.start(vertx, config, meters, readiness(ingest, api))
                    : Future.<ManagementListener>succeededFuture())
                    .map(management -> new Server(vertx, ingest, api, alarms, management)))))
        .onFailure(e -> vertx.close());
  }

  private static List<ReadinessCheck> readiness(Ingest ingest, Api api) {
    List<ReadinessCheck> checks = new ArrayList<>();
    if (api != null) {
      checks.add(api.readiness());
    }
    if (ingest != null) {
      checks.add(ingest.readiness());
    }
    return checks;
  }

  /** The bound management port, or -1 when the operations endpoints are on the API's listener. */
  public int managementPort() {
    return management == null ? -1 : management.port();
  }

  /** The bound MQTT port, or -1 when ingest is not running here or plain TCP is off. */
  public int mqttPort() {
    return ingest == null ? -1 : ingest.mqttPort();
  }

  /** The bound MQTT over TLS port, or -1 when ingest is not running here or TLS is off. */
  public int mqttTlsPort() {
    return ingest == null ? -1 : ingest.mqttTlsPort();
  }

  /** The bound HTTP port, or -1 when the API is not running here. */
  public int httpPort() {
    return api == null ? -1 : api.port();
  }

  /**
   * Drains the devices first, within {@code shutdown.grace} (readiness answers 503 meanwhile, the
   * API still serving), then stops the API, then the alarm work (calls in flight are handed
   * back for another process or the next start), then Vert.x. Blocking, and so for a thread of
   * its own (main, a shutdown hook, a test): Vert.x cannot report its own close to one of the
   * event loops it is shutting down.
   */
  @Override
  public void close() {
    try {
      (ingest == null ? Future.<Void>succeededFuture() : ingest.close())
          .eventually(() -> api == null ? Future.succeededFuture() : api.close())
          .eventually(() -> alarms == null ? Future.succeededFuture() : alarms.close())
          .eventually(() -> management == null ? Future.succeededFuture() : management.close())
          .await();
    } finally {
      vertx.close().await();
    }
  }
}
