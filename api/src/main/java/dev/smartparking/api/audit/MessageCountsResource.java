package dev.smartparking.api.audit;

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
 * {@code GET /api/v1/admin/message-counts?since=&device_prefix=&limit=&cursor=}: per device, how
 * many distinct messages were stored by topic (device time at or after {@code since}) and how
 * many were refused (received at or after {@code since}), keyset-paged by device id. With it a
 * sender checks that every acknowledged message is stored exactly once. {@code since} is at most
 * {@link AuditSpan#MAX} ago: every page scans every event table from it.
 */
public final class MessageCountsResource {

  /**
   * A message is one (device_id, seq, ts): the primary key of the status, passage and telemetry
   * tables, while bay_events holds one row per bay change of a message, so its rows are counted
   * distinct. Each table is filtered before grouping, so the time bounds prune partitions.
   */
  static final String COUNTS_PAGE = """
      WITH counted (device_id, topic, messages) AS (
        SELECT device_id, 'status', count(*) FROM lot_status_events
        WHERE ts >= $1 AND device_id > $2 AND starts_with(device_id, $3) GROUP BY device_id
        UNION ALL
        SELECT device_id, 'passages', count(*) FROM lot_passage_events
        WHERE ts >= $1 AND device_id > $2 AND starts_with(device_id, $3) GROUP BY device_id
        UNION ALL
        SELECT device_id, 'bays', count(DISTINCT (seq, ts)) FROM bay_events
        WHERE ts >= $1 AND device_id > $2 AND starts_with(device_id, $3) GROUP BY device_id
        UNION ALL
        SELECT device_id, 'telemetry', count(*) FROM cover_telemetry_events
        WHERE ts >= $1 AND device_id > $2 AND starts_with(device_id, $3) GROUP BY device_id
        UNION ALL
        SELECT device_id, 'rejected', count(*) FROM rejected_messages
        WHERE received_at >= $1 AND device_id > $2 AND starts_with(device_id, $3) GROUP BY device_id
      )
      SELECT device_id,
             coalesce(sum(messages) FILTER (WHERE topic = 'status'), 0)::bigint AS status,
             coalesce(sum(messages) FILTER (WHERE topic = 'passages'), 0)::bigint AS passages,
             coalesce(sum(messages) FILTER (WHERE topic = 'bays'), 0)::bigint AS bays,
             coalesce(sum(messages) FILTER (WHERE topic = 'telemetry'), 0)::bigint AS telemetry,
             coalesce(sum(messages) FILTER (WHERE topic = 'rejected'), 0)::bigint AS rejected
      FROM counted
      GROUP BY device_id
      ORDER BY device_id
      LIMIT $4""";
  static final int DEFAULT_LIMIT = 1000;
  private static final Set<String> PARAMETERS = Set.of("since", "device_prefix", "limit", PageCursor.PARAMETER);

  private final ReadPools reads;
  private final Clock clock;

  public MessageCountsResource(ReadPools reads, Clock clock) {
    this.reads = reads;
    this.clock = clock;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> Query.of(c, OffsetDateTime.now(clock)))
        .compose(query -> reads.pool().preparedQuery(COUNTS_PAGE)
            .execute(Tuple.tuple().addValue(query.since()).addValue(query.after()).addValue(query.prefix())
                .addValue(query.limit() + 1))
            .map(rows -> KeysetPage.of(rows, query.limit(), "devices", MessageCountsResource::toJson,
                row -> new JsonArray().add(row.getString("device_id")))))
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  /**
   * The bounds of a request. An absent prefix or cursor is the empty string, which means "no
   * bound" in the query: every device id starts with it and sorts after it.
   */
  private record Query(OffsetDateTime since, String prefix, int limit, String after) {

    static Query of(RoutingContext ctx, OffsetDateTime now) {
      QueryParameters params = QueryParameters.of(ctx, PARAMETERS);
      OffsetDateTime since = params.requiredTimeWithin("since", AuditSpan.MAX, now, "now");
      String prefix = params.string("device_prefix");
      int limit = params.integer("limit", DEFAULT_LIMIT);
      String after = PageCursor.decode(params, key -> key.size() == 1 ? (String) key.getValue(0) : null);
      return new Query(since, prefix == null ? "" : prefix, limit, after == null ? "" : after);
    }
  }

  private static JsonObject toJson(Row row) {
    long status = row.getLong("status");
    long passages = row.getLong("passages");
    long bays = row.getLong("bays");
    long telemetry = row.getLong("telemetry");
    return new JsonObject()
        .put("device_id", row.getString("device_id"))
        .put("accepted", status + passages + bays + telemetry)
        .put("by_topic", new JsonObject()
            .put("status", status)
            .put("passages", passages)
            .put("bays", bays)
            .put("telemetry", telemetry))
        .put("rejected", row.getLong("rejected"));
  }
}
