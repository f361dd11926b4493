package dev.smartparking.api.health;

import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.health.ReadinessCheck;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Liveness (the process answers) and readiness: PostgreSQL answers ({@link StorageProbe}), and
 * every part of the process that reports readiness (the API's availability view, ingest) is ready.
 */
public final class HealthResource {

  private final StorageProbe storage;
  private final List<ReadinessCheck> checks;

  public HealthResource(StorageProbe storage, List<ReadinessCheck> checks) {
    this.storage = storage;
    this.checks = List.copyOf(checks);
  }

  public void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "up"));
  }

  public void ready(RoutingContext ctx) {
    storage.state().onComplete(state -> answer(ctx, state.result()));
  }

  private void answer(RoutingContext ctx, String storage) {
    boolean up = storage.equals("up");
    JsonObject results = new JsonObject().put("storage", storage);
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
