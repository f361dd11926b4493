package dev.smartparking.api.availability;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.ErrorResponses;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.LotIdParameter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/availability} (the city now, totals and one row per district) and
 * {@code GET /api/v1/lots/{lotId}} (one lot now), both answered from the {@link AvailabilityView}.
 */
public final class AvailabilityResource {

  private final AvailabilityView view;
  private final ReportingRule rule;

  public AvailabilityResource(AvailabilityView view, ReportingRule rule) {
    this.view = view;
    this.rule = rule;
  }

  public void city(RoutingContext ctx) {
    JsonObject body = view.availability();
    if (body == null) {
      throw notLoaded();
    }
    JsonResponses.ok(ctx, body);
  }

  public void lot(RoutingContext ctx) {
    String lotId = LotIdParameter.of(ctx);
    if (!view.loaded()) {
      throw notLoaded();
    }
    LotNow lot = view.lot(lotId);
    if (lot == null) {
      throw ApiException.notFound("no lot '" + lotId + "'");
    }
    JsonResponses.ok(ctx, lot.toJson(rule));
  }

  /**
   * Before its first load the view knows nothing: while PostgreSQL cannot be read, or with why
   * the load failed, which the error handler turns into a 503 or a 500.
   */
  private RuntimeException notLoaded() {
    Throwable failure = view.loadFailure();
    if (failure == null || ErrorResponses.isStorageUnavailable(failure)) {
      return new ApiException(503, "storage_unavailable",
          "lot state is not loaded yet from the database; try again shortly");
    }
    return new IllegalStateException("lot state cannot be loaded", failure);
  }
}
