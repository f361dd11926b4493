package dev.smartparking.api.availability;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.db.StorageFault;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/availability}: the city now, totals and one row per district, answered from
 * the {@link AvailabilityView}.
 */
public final class AvailabilityResource {

  private final AvailabilityView view;

  public AvailabilityResource(AvailabilityView view) {
    this.view = view;
  }

  public void city(RoutingContext ctx) {
    JsonObject body = view.availability();
    if (body == null) {
      throw notLoaded();
    }
    JsonResponses.ok(ctx, body);
  }

  /**
   * Before its first load the view knows nothing: while PostgreSQL cannot be read, or with why
   * the load failed, which the error handler turns into a 503 or a 500.
   */
  private RuntimeException notLoaded() {
    Throwable failure = view.loadFailure();
    if (failure == null || StorageFault.of(failure).isTransient()) {
      return new ApiException(503, "storage_unavailable",
          "lot state is not loaded yet from the database; try again shortly");
    }
    return new IllegalStateException("lot state cannot be loaded", failure);
  }
}
