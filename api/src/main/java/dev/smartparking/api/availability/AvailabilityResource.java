package dev.smartparking.api.availability;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/v1/availability}: the city now, totals and one row per district, answered from
 * the {@link AvailabilityView} as it encoded it, with its ETag (304 to a client that has it).
 */
public final class AvailabilityResource {

  private final AvailabilityView view;

  public AvailabilityResource(AvailabilityView view) {
    this.view = view;
  }

  public void city(RoutingContext ctx) {
    JsonResponses.ok(ctx, view.availability());
  }
}
