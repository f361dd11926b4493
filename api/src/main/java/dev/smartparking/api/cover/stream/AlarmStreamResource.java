package dev.smartparking.api.cover.stream;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.PrefixedId;
import dev.smartparking.api.http.QueryParameters;
import dev.smartparking.api.sse.SseConnection;
import dev.smartparking.api.sse.StreamMetrics;
import io.vertx.core.Future;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /api/v1/covers/alarms/stream?district=&unit=&last_event_id=} (reader): every alarm
 * event as Server-Sent Events, {@code event: alarm.raised} (etc.), {@code id: E-000042},
 * {@code data:} cover_alarm_event_json, optionally only a district's or a unit's; a scoped token's
 * stream carries only its scope's events.
 *
 * <p>Resuming: a client that sends {@code Last-Event-ID} (browsers' EventSource does on
 * reconnecting; or the {@code last_event_id} parameter, for clients that cannot set headers; the
 * header wins) gets every event after that one, in the same order, then the live stream. Events
 * of the last 24 hours are resumable. An id that is well formed but unknown or older than that
 * starts the stream from now on, and a comment line says so ({@code : Last-Event-ID ... }): a
 * browser would give up reconnecting on an error status, and the client learns it missed events.
 * An id that is not an event id at all is a 400.
 *
 * <p>Before any event: {@code retry: 2000} (reconnect after 2 s) and a comment; every
 * {@link AlarmStreamSettings#heartbeat} of quiet a comment line, for proxies.
 */
public final class AlarmStreamResource {

  private static final String LAST_EVENT_ID_HEADER = "Last-Event-ID";
  private static final String LAST_EVENT_ID_PARAMETER = "last_event_id";
  private static final Set<String> PARAMETERS = Set.of("district", "unit", LAST_EVENT_ID_PARAMETER);

  private final AlarmEventFeed feed;
  private final AlarmStreamSettings settings;
  private final StreamMetrics metrics;

  public AlarmStreamResource(AlarmEventFeed feed, AlarmStreamSettings settings, StreamMetrics metrics) {
    this.feed = feed;
    this.settings = settings;
    this.metrics = metrics;
  }

  public void get(RoutingContext ctx) {
    Context context = ctx.vertx().getOrCreateContext();
    QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
    String district = params.string("district");
    String unit = params.string("unit");
    String header = ctx.request().getHeader(LAST_EVENT_ID_HEADER);
    String lastEventId = header != null && !header.isBlank() ? header.trim() : params.string(LAST_EVENT_ID_PARAMETER);
    String source = header != null && !header.isBlank() ? LAST_EVENT_ID_HEADER : LAST_EVENT_ID_PARAMETER;
    Long resumeAfter = lastEventId == null ? null : PrefixedId.EVENT.parse(lastEventId);
    if (lastEventId != null && resumeAfter == null) {
      throw ApiException.badParameter(source + ": '" + lastEventId + "' is not an event id (like "
          + PrefixedId.EVENT.example() + ")");
    }
    if (!feed.ready()) {
      throw new ApiException(503, "storage_unavailable", "the alarm stream has not read its position yet; try again shortly");
    }
    Future<FeedPosition> resume = resumeAfter == null ? Future.succeededFuture() : feed.positionOf(resumeAfter);
    resume
        .onSuccess(position -> {
          SseConnection connection = new SseConnection(ctx.request(), context, settings.heartbeat(),
              settings.maxQueuedBytes(), metrics);
          StreamSubscriber subscriber = new StreamSubscriber(feed, connection, district, unit, Caller.scopeOf(ctx));
          StringBuilder head = new StringBuilder(": alarm events\n");
          if (resumeAfter != null && position == null) {
            head.append(": ").append(LAST_EVENT_ID_HEADER).append(' ').append(lastEventId)
                .append(" is unknown or older than 24 hours; events before now are not replayed\n");
          }
          subscriber.start(head.toString(), position);
        })
        .onFailure(ctx::fail);
  }
}
