package dev.smartparking.api.cover;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.KeysetPage;
import dev.smartparking.api.http.PageCursor;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * {@code GET /api/v1/covers/alarms?status=&type=&district=&unit=&cover=&since=&limit=&cursor=}:
 * alarms newest first (by raised_at, then id), filtered, keyset-paged by (raised_at, id). Each in
 * the shape of cover_alarm_json. {@code since} keeps alarms raised at or after it. An alarm that
 * is raised again after it cleared takes a new raised_at, so it may move to the front of the list
 * between two pages: a walk through the pages shows every alarm whose place did not change meanwhile.
 */
public final class AlarmListResource {

  static final String ALARMS_PAGE = """
      SELECT cover_alarm_json(a) AS alarm, a.raised_at, a.id
      FROM cover_alarms a
      JOIN covers c ON c.id = a.cover_id
      WHERE ($1::text IS NULL OR a.status = $1)
        AND ($2::text IS NULL OR a.type = $2)
        AND ($3::text IS NULL OR c.district_code = $3)
        AND ($4::text IS NULL OR c.unit_id = $4)
        AND ($5::text IS NULL OR a.cover_id = $5)
        AND ($6::timestamptz IS NULL OR a.raised_at >= $6)
        AND ($7::timestamptz IS NULL OR (a.raised_at, a.id) < ($7, $8::bigint))
        AND """ + Scope.coverCondition(10, 11) + """

      ORDER BY a.raised_at DESC, a.id DESC
      LIMIT $9""";
  /** What cover_alarms allows (V7). */
  static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMETERS =
      Set.of("status", "type", "district", "unit", "cover", "since", "limit", PageCursor.PARAMETER);

  private final Pool pool;

  public AlarmListResource(Pool pool) {
    this.pool = pool;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(Query::of)
        .compose(query -> pool.preparedQuery(ALARMS_PAGE)
            .execute(Tuple.tuple().addValue(query.status()).addValue(query.type()).addValue(query.district())
                .addValue(query.unit()).addValue(query.cover()).addValue(query.since())
                .addValue(query.after() == null ? null : query.after().raisedAt())
                .addValue(query.after() == null ? null : query.after().id())
                .addValue(query.limit() + 1)
                .addValue(Caller.scopeOf(ctx).district()).addValue(Caller.scopeOf(ctx).unit()))
            .map(rows -> KeysetPage.of(rows, query.limit(), "alarms", row -> row.getJsonObject("alarm"),
                After::keyOf)))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** The filters and page of a request. */
  private record Query(String status, String type, String district, String unit, String cover,
      OffsetDateTime since, int limit, After after) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.string("status"),
          params.string("type"),
          params.string("district"),
          params.string("unit"),
          params.string("cover"),
          params.time("since"),
          params.integer("limit", DEFAULT_LIMIT),
          PageCursor.decode(params, After::of));
    }
  }

  /** The sort key of the last alarm shown; raised_at at full precision, not as shown. */
  private record After(OffsetDateTime raisedAt, long id) {

    static After of(JsonArray key) {
      return key.size() == 2 ? new After(OffsetDateTime.parse(key.getString(0)), key.getLong(1)) : null;
    }

    static JsonArray keyOf(Row row) {
      return new JsonArray().add(row.getOffsetDateTime("raised_at").toString()).add(row.getLong("id"));
    }
  }
}
