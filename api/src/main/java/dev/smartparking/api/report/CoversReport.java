package dev.smartparking.api.report;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.QueryParameters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import dev.smartparking.api.replica.ReadPools;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/reports/covers?from=&to=&format=}: the covers ledger, one ranked row per
 * responsible unit (API.md "Reports"). Covers and covers reporting are as of now (a reading within
 * twice the cover's report interval); the alarm columns count the period: raised in it, resolved
 * in it (with the median time from raised to resolved), and open at its end (raised before it ends,
 * not resolved by then). Ranked by reporting rate, then fewer open alarms; equal units share a
 * rank, and are listed by unit id.
 */
public final class CoversReport {

  /**
   * The city's ledger, narrowed to the caller's scope: a unit's token sees its row, a district's
   * the rows of the units of its district. Ranks stay the city's.
   */
  static final String LEDGER = """
      SELECT r.*
      FROM covers_ledger($1, $2, $3) r
      JOIN units u ON u.id = r.unit_id
      WHERE ($4::text IS NULL OR u.district_code = $4) AND ($5::text IS NULL OR r.unit_id = $5)
      ORDER BY r.rank, r.unit_id""";
  static final List<String> COLUMNS = List.of("rank", "unit_id", "unit", "district", "target", "covers",
      "covers_reporting", "reporting_rate", "alarms_raised", "alarms_open", "alarms_resolved", "median_resolve_s");
  private static final Set<String> PARAMETERS = Set.of("from", "to", "format");

  private final ReadPools reads;
  private final Clock clock;

  public CoversReport(ReadPools reads, Clock clock) {
    this.reads = reads;
    this.clock = clock;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> QueryParameters.of(c, PARAMETERS))
        .compose(params -> {
          ReportPeriod period = ReportPeriod.of(params, clock);
          ReportFormat format = ReportFormat.of(ctx, params);
          return reads.pool().preparedQuery(LEDGER)
              .execute(Tuple.of(period.from(), period.to(), OffsetDateTime.now(clock),
                  Caller.scopeOf(ctx).district(), Caller.scopeOf(ctx).unit()))
              .map(rows -> {
                List<JsonObject> units = new ArrayList<>();
                rows.forEach(row -> units.add(toJson(row)));
                JsonObject envelope = new JsonObject()
                    .put("from", JsonResponses.timestamp(period.from()))
                    .put("to", JsonResponses.timestamp(period.to()));
                return new Ledger(envelope, "units", COLUMNS, units, "covers-" + period.from().toLocalDate());
              })
              .onSuccess(ledger -> ledger.send(ctx, format));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("rank", row.getLong("rank"))
        .put("unit_id", row.getString("unit_id"))
        .put("unit", row.getString("unit"))
        .put("district", row.getString("district"))
        .put("target", row.getInteger("target"))
        .put("covers", row.getLong("covers"))
        .put("covers_reporting", row.getLong("covers_reporting"))
        .put("reporting_rate", row.getNumeric("reporting_rate").doubleValue())
        .put("alarms_raised", row.getLong("alarms_raised"))
        .put("alarms_open", row.getLong("alarms_open"))
        .put("alarms_resolved", row.getLong("alarms_resolved"))
        .put("median_resolve_s", row.getLong("median_resolve_s"));
  }
}
