package dev.smartparking.api.audit;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.KeysetPage;
import dev.smartparking.api.http.PageCursor;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import dev.smartparking.api.replica.ReadPools;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * {@code GET /api/v1/admin/rejected?since=&until=&device=&reason=&limit=&cursor=}: the messages
 * the server refused, in receive order, keyset-paged by (received_at, id). {@code since} is
 * required, at most {@link AuditSpan#MAX} before {@code until} (or now), so a scan stays within
 * the days asked for. The payload itself is not shown, only the SHA-256 and length of the whole
 * payload and how much of it is stored (at most 4 KiB, V12): even scrubbed, it may carry personal
 * data; the hash is enough for a sender to recognise its own message.
 */
public final class RejectedResource {

  static final String REJECTED_PAGE = """
      SELECT id, received_at, device_id, topic, qos, reason, detail, encode(payload_sha256, 'hex') AS payload_sha256,
             payload_length, octet_length(payload) AS payload_stored
      FROM rejected_messages
      WHERE received_at >= $1
        AND ($2::timestamptz IS NULL OR received_at < $2)
        AND ($3::text IS NULL OR device_id = $3)
        AND ($4::text IS NULL OR reason = $4)
        AND ($5::timestamptz IS NULL OR (received_at, id) > ($5, $6::bigint))
      ORDER BY received_at, id
      LIMIT $7""";
  static final int DEFAULT_LIMIT = 1000;
  private static final Set<String> PARAMETERS =
      Set.of("since", "until", "device", "reason", "limit", PageCursor.PARAMETER);

  private final ReadPools reads;
  private final Clock clock;

  public RejectedResource(ReadPools reads, Clock clock) {
    this.reads = reads;
    this.clock = clock;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> Query.of(c, OffsetDateTime.now(clock)))
        .compose(query -> reads.pool().preparedQuery(REJECTED_PAGE)
            .execute(Tuple.tuple().addValue(query.since()).addValue(query.until()).addValue(query.device())
                .addValue(query.reason())
                .addValue(query.after() == null ? null : query.after().receivedAt())
                .addValue(query.after() == null ? null : query.after().id())
                .addValue(query.limit() + 1))
            .map(rows -> KeysetPage.of(rows, query.limit(), "rejected", RejectedResource::toJson, After::keyOf)))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("received_at", JsonResponses.timestamp(row.getOffsetDateTime("received_at")))
        .put("device_id", row.getString("device_id"))
        .put("topic", row.getString("topic"))
        .put("qos", row.getInteger("qos"))
        .put("reason", row.getString("reason"))
        .put("detail", row.getString("detail"))
        .put("payload_sha256", row.getString("payload_sha256"))
        .put("payload_bytes", row.getInteger("payload_length"))
        .put("payload_stored_bytes", row.getInteger("payload_stored"));
  }

  /** The filters and page of a request. */
  private record Query(OffsetDateTime since, OffsetDateTime until, String device, String reason, int limit,
      After after) {

    static Query of(RoutingContext ctx, OffsetDateTime now) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      OffsetDateTime until = params.time("until");
      OffsetDateTime since = until == null
          ? params.requiredTimeWithin("since", AuditSpan.MAX, now, "now")
          : params.requiredTimeWithin("since", AuditSpan.MAX, until, "until");
      if (until != null && !until.isAfter(since)) {
        throw ApiException.badParameter("until: " + params.string("until") + " is not later than since");
      }
      return new Query(since, until, params.string("device"), params.string("reason"),
          params.integer("limit", DEFAULT_LIMIT), PageCursor.decode(params, After::of));
    }
  }

  /** The sort key of the last row shown; the receive time at full precision, not as shown. */
  private record After(OffsetDateTime receivedAt, long id) {

    static After of(JsonArray key) {
      return key.size() == 2 ? new After(OffsetDateTime.parse(key.getString(0)), key.getLong(1)) : null;
    }

    static JsonArray keyOf(Row row) {
      return new JsonArray().add(row.getOffsetDateTime("received_at").toString()).add(row.getLong("id"));
    }
  }
}
