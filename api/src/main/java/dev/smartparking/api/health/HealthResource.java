package dev.smartparking.api.health;

import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.health.ReadinessCheck;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Liveness (the process answers) and readiness: PostgreSQL answers within a second, and the
 * in-memory availability is loaded and kept current (it would go stale while not listening), and
 * every other part of the process that reports readiness (ingest, when it runs here) is ready.
 */
public final class HealthResource {

  static final String PING = "SELECT 1";
  private static final long READY_TIMEOUT_MS = 1_000;

  private final Pool pool;
  private final AvailabilityView view;
  private final List<ReadinessCheck> checks;

  public HealthResource(Pool pool, AvailabilityView view, List<ReadinessCheck> checks) {
    this.pool = pool;
    this.view = view;
    this.checks = List.copyOf(checks);
  }

  public void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "up"));
  }

  public void ready(RoutingContext ctx) {
    pool.query(PING).execute()
        .timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(rows -> answer(ctx, "up"))
        .onFailure(e -> answer(ctx, "down: " + e.getMessage()));
  }

  private void answer(RoutingContext ctx, String storage) {
    String availability = view.current() ? "up" : view.loaded() ? "down: not following lot changes" : "down: loading";
    boolean up = storage.equals("up") && availability.equals("up");
    JsonObject results = new JsonObject().put("storage", storage).put("availability", availability);
    for (ReadinessCheck check : checks) {
      String problem = check.problem().orElse(null);
      up &= problem == null;
      results.put(check.name(), problem == null ? "up" : "down: " + problem);
    }
    ctx.response()
        .setStatusCode(up ? 200 : 503)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject()
            .put("status", up ? "up" : "down")
            .put("checks", results)
            .encode());
  }
}
