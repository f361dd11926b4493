package dev.smartparking.api.health;

import dev.smartparking.api.http.Reach;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

/** The operations endpoints, {@code /health/live}, {@code /health/ready} and {@code /metrics}, on the router that serves them. */
public final class OpsRoutes {

  private OpsRoutes() {}

  public static void mount(Router router, HealthResource health, PrometheusMeterRegistry meters) {
    router.get("/health/live").putMetadata(Reach.KEY, Reach.OPEN).handler(health::live);
    router.get("/health/ready").putMetadata(Reach.KEY, Reach.OPEN).handler(health::ready);
    router.get("/metrics").putMetadata(Reach.KEY, Reach.OPEN).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(meters.scrape()));
  }
}
