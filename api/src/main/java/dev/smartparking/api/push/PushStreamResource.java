package dev.smartparking.api.push;

import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.QueryParameters;
import dev.smartparking.api.sse.SseConnection;
import dev.smartparking.api.sse.StreamMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /api/v1/availability/stream} (reader, city-wide): the city summary ({@code event: city})
 * and district rows ({@code event: district}) of {@code GET /api/v1/availability} as
 * Server-Sent Events when they change, resumable with {@code Last-Event-ID} ({@link PushFeed});
 * and {@code GET /api/v1/lots/stream?district=} (reader, scoped): each lot change
 * ({@code event: lot}, the lot as {@code GET /api/v1/lots/{lotId}} answers it).
 */
public final class PushStreamResource {

  private static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
  private static final Set<String> LOT_PARAMETERS = Set.of("district");

  private final AvailabilityView view;
  private final PushFeed feed;
  private final PushSettings settings;
  private final StreamMetrics availabilityMetrics;
  private final StreamMetrics lotMetrics;

  public PushStreamResource(AvailabilityView view, PushFeed feed, PushSettings settings, MeterRegistry meters) {
    this.view = view;
    this.feed = feed;
    this.settings = settings;
    this.availabilityMetrics = new StreamMetrics(meters, "smartparking.availability.stream",
        "GET /api/v1/availability/stream");
    this.lotMetrics = new StreamMetrics(meters, "smartparking.lots.stream", "GET /api/v1/lots/stream");
  }

  public void availability(RoutingContext ctx) {
    QueryParameters.of(ctx, Set.of());
    // 503 until the view has loaded, as GET /api/v1/availability
    view.availability();
    String header = ctx.request().getHeader(LAST_EVENT_ID_HEADER);
    String lastEventId = header == null || header.isBlank() ? null : header.trim();
    SseConnection connection = connection(ctx, availabilityMetrics);
    connection.start(": availability\n", () -> feed.leave(connection));
    feed.joinAvailability(connection, feed.sequenceOf(lastEventId), lastEventId);
  }

  public void lots(RoutingContext ctx) {
    String district = QueryParameters.of(ctx, LOT_PARAMETERS).string("district");
    view.lots();
    if (district != null && !feed.knowsDistrict(district)) {
      throw ApiException.badParameter("district: no district '" + district + "'");
    }
    SseConnection connection = connection(ctx, lotMetrics);
    connection.start(": lot changes\n", () -> feed.leave(connection));
    feed.joinLots(new PushFeed.LotSubscriber(connection, district, Caller.scopeOf(ctx)));
  }

  private SseConnection connection(RoutingContext ctx, StreamMetrics metrics) {
    return new SseConnection(ctx.request(), ctx.vertx().getOrCreateContext(), settings.heartbeat(),
        settings.maxQueuedBytes(), metrics);
  }
}
