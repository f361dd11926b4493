package dev.smartparking.api.cover;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.PrefixedId;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * {@code GET /api/v1/covers/alarms/{alarmId}}: the alarm (cover_alarm_json) and {@code events},
 * its history oldest first, each as webhooks receive it (cover_alarm_event_json). Every writer
 * changes an alarm under its row lock and inserts the event in the same transaction, so the
 * order of event ids is the order of an alarm's changes.
 */
public final class AlarmResource {

  static final String ALARM_WITH_EVENTS = """
      SELECT cover_alarm_json(a) || jsonb_build_object('events', (
          SELECT coalesce(jsonb_agg(cover_alarm_event_json(e) ORDER BY e.event_id), '[]'::jsonb)
          FROM cover_alarm_events e
          WHERE e.alarm_id = a.id)) AS alarm
      FROM cover_alarms a
      JOIN covers c ON c.id = a.cover_id
      WHERE a.id = $1 AND """ + Scope.coverCondition(2, 3);

  private final Pool pool;

  public AlarmResource(Pool pool) {
    this.pool = pool;
  }

  public void get(RoutingContext ctx) {
    String alarmId = ctx.pathParam("alarmId");
    long id = PrefixedId.ALARM.pathParameter(alarmId);
    pool.preparedQuery(ALARM_WITH_EVENTS).execute(Tuple.of(id, Caller.scopeOf(ctx).district(), Caller.scopeOf(ctx).unit()))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("no alarm '" + alarmId + "'");
          }
          return rows.iterator().next().getJsonObject("alarm");
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }
}
