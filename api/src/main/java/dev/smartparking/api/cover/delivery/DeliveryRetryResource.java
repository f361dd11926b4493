package dev.smartparking.api.cover.delivery;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.PrefixedId;
import dev.smartparking.metrics.CoverAlarmEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * {@code POST /api/v1/admin/deliveries/{eventId}/retry} (admin): makes a pending or failed
 * delivery due now (a failed one pending again) and wakes the dispatchers, which LISTEN on the
 * alarm events channel. Its attempts and last result stay as they were, the history of what
 * happened; the dispatcher makes the next attempt and decides after it. 409 for a delivered
 * event: it is not sent twice on request (receivers may get duplicates, but not from us on purpose),
 * and 409 while a dispatcher holds the delivery's lease (a call may be in flight: made due now, a
 * second dispatcher would send it again at the same time).
 */
public final class DeliveryRetryResource {

  static final String RETRY = """
      WITH due AS (
          UPDATE alarm_deliveries SET status = 'pending', next_attempt_at = clock_timestamp()
          WHERE event_id = $1 AND status <> 'delivered'
            AND (status = 'failed' OR last_attempt_at IS NULL
                 OR last_attempt_at <= clock_timestamp() - $2 * interval '1 millisecond')
          RETURNING *)
      SELECT pg_notify('""" + CoverAlarmEvents.CHANNEL + "', ''), " + DeliveryView.JSON + """
       AS delivery
      FROM due d
      JOIN cover_alarm_events e ON e.event_id = d.event_id""";
  static final String STATUS = "SELECT status FROM alarm_deliveries WHERE event_id = $1";

  private final Pool pool;
  private final Duration lease;

  public DeliveryRetryResource(Pool pool, Duration lease) {
    this.pool = pool;
    this.lease = lease;
  }

  public void post(RoutingContext ctx) {
    String eventId = ctx.pathParam("eventId");
    long id = PrefixedId.EVENT.pathParameter(eventId);
    pool.preparedQuery(RETRY).execute(Tuple.of(id, lease.toMillis()))
        .compose(rows -> rows.size() > 0
            ? Future.succeededFuture(rows.iterator().next().getJsonObject("delivery"))
            : whyNot(id, eventId))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** Nothing was made due: the event has no delivery, it was delivered (which never changes back), or it is in flight. */
  private Future<JsonObject> whyNot(long id, String eventId) {
    return pool.preparedQuery(STATUS).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("no delivery of event '" + eventId + "'");
          }
          if (!"delivered".equals(rows.iterator().next().getString(0))) {
            throw ApiException.conflict("event '" + eventId + "' is being delivered right now (an attempt holds it "
                + "for up to " + lease.toSeconds() + " s); ask again after it");
          }
          throw ApiException.conflict("event '" + eventId + "' was delivered already; it is not sent again");
        });
  }
}
