package dev.smartparking.api.cover;

import dev.smartparking.api.http.Scope;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.contract.ContractBody;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.PrefixedId;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * {@code POST /api/v1/covers/alarms/{alarmId}/ack} and {@code /resolve} (operator role), with an
 * optional body {@code {"note": "..."}}. In one transaction: the alarm row is locked, the
 * {@link AlarmAction} decides from its status, and a change is written with its event (who
 * acted: the token's label; the note). The lock makes concurrent actions on one alarm take
 * turns, so of two resolves exactly one changes the alarm and the other finds it resolved: a
 * repeat, answered 200 with the alarm as it stands, no event and nothing counted (its note is
 * not kept). Ingest changes the same row (active, cleared_at) under the same lock, so the alarm
 * an event carries is always the whole current alarm.
 */
public final class AlarmActionResource {

  static final String LOCK_ALARM = """
      SELECT a.status, a.type, cover_alarm_json(a) AS alarm
      FROM cover_alarms a
      JOIN covers c ON c.id = a.cover_id
      WHERE a.id = $1 AND """ + Scope.coverCondition(2, 3) + """

      FOR UPDATE OF a""";

  private final Pool pool;
  private final AlarmMetrics metrics;

  public AlarmActionResource(Pool pool, AlarmMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
  }

  public Handler<RoutingContext> acknowledge() {
    return ctx -> act(ctx, AlarmAction.ACKNOWLEDGE);
  }

  public Handler<RoutingContext> resolve() {
    return ctx -> act(ctx, AlarmAction.RESOLVE);
  }

  /** What the transaction did: the alarm as it now stands, and whether this request changed it. */
  private record Done(JsonObject alarm, String type, boolean changed) {}

  private void act(RoutingContext ctx, AlarmAction action) {
    String alarmId = ctx.pathParam("alarmId");
    Caller caller = Caller.of(ctx);
    String actor = caller.label();
    ContractBody.readObject(ctx, ActionNote.MAX_BODY_BYTES,
            "the body is larger than " + ActionNote.MAX_BODY_BYTES + " bytes", "bad_parameter")
        .map(ActionNote::of)
        .compose(note -> {
          long id = PrefixedId.ALARM.pathParameter(alarmId);
          return pool.withTransaction(connection -> connection.preparedQuery(LOCK_ALARM)
              .execute(Tuple.of(id, caller.scope().district(), caller.scope().unit()))
              .compose(rows -> {
                if (rows.size() == 0) {
                  throw ApiException.notFound("no alarm '" + alarmId + "'");
                }
                return decide(connection, action, rows.iterator().next(), alarmId, Tuple.of(id, actor, note));
              }));
        })
        .onSuccess(done -> {
          if (done.changed()) {
            metrics.changed(action, done.type());
          }
          JsonResponses.ok(ctx, done.alarm());
        })
        .onFailure(ctx::fail);
  }

  private static Future<Done> decide(SqlConnection connection, AlarmAction action, Row locked, String alarmId,
      Tuple change) {
    String type = locked.getString("type");
    return switch (action.from(locked.getString("status"))) {
      case REPEAT -> Future.succeededFuture(new Done(locked.getJsonObject("alarm"), type, false));
      case CONFLICT -> throw ApiException.conflict("alarm '" + alarmId + "' is " + locked.getString("status")
          + "; it cannot be " + action.status());
      case APPLY -> connection.preparedQuery(action.statement()).execute(change)
          .map(rows -> new Done(rows.iterator().next().getJsonObject("alarm"), type, true));
    };
  }
}
