package dev.smartparking.api.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/** The operations endpoints, {@code /health/live}, {@code /health/ready} and {@code /metrics}, on the router that serves them. */
public final class OpsRoutes {

  private OpsRoutes() {}

  public static void mount(Router router, HealthResource health, PrometheusMeterRegistry meters) {
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(meters.scrape()));
  }
}
