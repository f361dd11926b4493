package dev.smartparking.api.device;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.KeysetPage;
import dev.smartparking.api.http.PageCursor;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import dev.smartparking.api.replica.ReadPools;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code GET /api/v1/admin/devices?kind=&silent_for=&limit=&cursor=} (admin): registered devices by
 * id, keyset-paged, with their bindings, state, when last seen and whether connected now.
 * {@code silent_for} (an ISO-8601 duration) keeps the devices not connected and not seen for at
 * least that long, never-seen ones included.
 */
public final class DeviceListResource {

  static final String DEVICES_PAGE = DeviceView.FROM + """
      WHERE ($1::text IS NULL OR d.kind = $1)
        AND ($2::bigint IS NULL OR (NOT live.connected
             AND (p.last_seen_at IS NULL OR p.last_seen_at <= now() - $2 * interval '1 millisecond')))
        AND ($3::text IS NULL OR d.id > $3)
      ORDER BY d.id
      LIMIT $4""";
  static final int DEFAULT_LIMIT = 100;
  private static final Set<String> PARAMETERS = Set.of("kind", "silent_for", "limit", PageCursor.PARAMETER);

  private final ReadPools reads;

  public DeviceListResource(ReadPools reads) {
    this.reads = reads;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(Query::of)
        .compose(query -> reads.pool().preparedQuery(DEVICES_PAGE)
            .execute(Tuple.tuple().addValue(query.kind()).addValue(query.silentForMs()).addValue(query.after())
                .addValue(query.limit() + 1))
            .map(rows -> KeysetPage.of(rows, query.limit(), "devices", DeviceView::json,
                row -> new JsonArray().add(row.getString("id")))))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /** The filters and page of a request; {@code after} is the device id the page starts after. */
  private record Query(String kind, Long silentForMs, int limit, String after) {

    static Query of(RoutingContext ctx) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      return new Query(
          params.string("kind"),
          silentFor(params.string("silent_for")),
          params.integer("limit", DEFAULT_LIMIT),
          PageCursor.decode(params, key -> key.size() == 1 ? key.getString(0) : null));
    }

    private static Long silentFor(String text) {
      if (text == null) {
        return null;
      }
      try {
        Duration duration = Duration.parse(text);
        if (!duration.isNegative()) {
          return duration.toMillis();
        }
      } catch (DateTimeParseException | ArithmeticException e) {
        // one answer below for every way it can be wrong
      }
      throw ApiException.badParameter("silent_for: an ISO-8601 duration of zero or more, e.g. PT1H or P2D");
    }
  }
}
