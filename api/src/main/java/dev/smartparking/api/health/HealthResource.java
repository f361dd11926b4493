package dev.smartparking.api.health;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** Liveness (the process answers) and readiness (PostgreSQL answers within a second). */
public final class HealthResource {

  static final String PING = "SELECT 1";
  private static final long READY_TIMEOUT_MS = 1_000;

  private final Pool pool;

  public HealthResource(Pool pool) {
    this.pool = pool;
  }

  public void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "up"));
  }

  public void ready(RoutingContext ctx) {
    pool.query(PING).execute()
        .timeout(READY_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(rows -> JsonResponses.ok(ctx, status("up", "up")))
        .onFailure(e -> ctx.response()
            .setStatusCode(503)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .end(status("down", "down: " + e.getMessage()).encode()));
  }

  private static JsonObject status(String overall, String storage) {
    return new JsonObject().put("status", overall).put("checks", new JsonObject().put("storage", storage));
  }
}
