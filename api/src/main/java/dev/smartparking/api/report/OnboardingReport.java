package dev.smartparking.api.report;

import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.QueryParameters;
import dev.smartparking.api.http.Scope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import dev.smartparking.api.replica.ReadPools;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /api/v1/reports/onboarding[?district=CODE]&format=}: how many parking lots each
 * district has connected to the city platform (API.md "Reports"), the question the provincial
 * experts checked county by county. Onboarded: the lot has ever reported (its first report is
 * kept, {@code lot_state.first_seen_at}); reporting: heard from within {@code lots.offline-after}
 * now, closed or not ({@link ReportingRule}). Ranked by onboarding rate, then reporting rate;
 * equal districts share a rank and are listed by code. With a district, one row per lot instead.
 */
public final class OnboardingReport {

  static final String DISTRICTS = "SELECT * FROM onboarding_ledger($1)";
  static final String DISTRICT_NAME = "SELECT name FROM districts WHERE code = $1";
  static final String LOTS = """
      SELECT l.id AS lot_id, l.name, s.first_seen_at, s.last_seen_at, s.closed
      FROM lots l LEFT JOIN lot_state s ON s.lot_id = l.id
      WHERE l.district_code = $1
      ORDER BY l.id""";
  static final List<String> DISTRICT_COLUMNS = List.of("rank", "district", "name", "lots", "lots_onboarded",
      "lots_reporting", "onboarding_rate", "reporting_rate");
  static final List<String> LOT_COLUMNS = List.of("lot_id", "name", "first_seen_at", "last_seen_at", "state");
  private static final Set<String> PARAMETERS = Set.of("district", "format");

  private final ReadPools reads;
  private final ReportingRule reporting;

  public OnboardingReport(ReadPools reads, ReportingRule reporting) {
    this.reads = reads;
    this.reporting = reporting;
  }

  public void get(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(c -> QueryParameters.of(c, PARAMETERS))
        .compose(params -> {
          ReportFormat format = ReportFormat.of(ctx, params);
          String district = params.string("district");
          Scope scope = Caller.scopeOf(ctx);
          if (district != null && !scope.seesLotsOf(district)) {
            // Like an id outside the scope: not there for this token.
            throw ApiException.notFound("no district '" + district + "' for a token scoped to " + scope);
          }
          return (district == null ? districts(scope) : lots(district)).onSuccess(ledger -> ledger.send(ctx, format));
        })
        .onFailure(ctx::fail);
  }

  /** The city's districts the scope sees lots of; ranks stay the city's. */
  private Future<Ledger> districts(Scope scope) {
    return reads.pool().preparedQuery(DISTRICTS).execute(Tuple.of(reporting.reportingSince()))
        .map(rows -> {
          List<JsonObject> districts = new ArrayList<>();
          for (Row row : rows) {
            if (scope.seesLotsOf(row.getString("district"))) {
              districts.add(district(row));
            }
          }
          return new Ledger(new JsonObject(), "districts", DISTRICT_COLUMNS, districts, "onboarding");
        });
  }

  private Future<Ledger> lots(String district) {
    return reads.pool().preparedQuery(DISTRICT_NAME).execute(Tuple.of(district))
        .compose(names -> {
          if (names.size() == 0) {
            throw ApiException.badParameter("district: unknown district '" + district + "'");
          }
          String name = names.iterator().next().getString("name");
          return reads.pool().preparedQuery(LOTS).execute(Tuple.of(district))
              .map(rows -> new Ledger(new JsonObject().put("district", district).put("name", name), "lots",
                  LOT_COLUMNS, each(rows, this::lot), "onboarding-" + district));
        });
  }

  private static List<JsonObject> each(RowSet<Row> rows, Function<Row, JsonObject> toJson) {
    List<JsonObject> list = new ArrayList<>(rows.size());
    rows.forEach(row -> list.add(toJson.apply(row)));
    return list;
  }

  private static JsonObject district(Row row) {
    return new JsonObject()
        .put("rank", row.getLong("rank"))
        .put("district", row.getString("district"))
        .put("name", row.getString("name"))
        .put("lots", row.getLong("lots"))
        .put("lots_onboarded", row.getLong("lots_onboarded"))
        .put("lots_reporting", row.getLong("lots_reporting"))
        .put("onboarding_rate", row.getNumeric("onboarding_rate").doubleValue())
        .put("reporting_rate", row.getNumeric("reporting_rate").doubleValue());
  }

  private JsonObject lot(Row row) {
    return new JsonObject()
        .put("lot_id", row.getString("lot_id"))
        .put("name", row.getString("name"))
        .put("first_seen_at", JsonResponses.timestamp(row.getOffsetDateTime("first_seen_at")))
        .put("last_seen_at", JsonResponses.timestamp(row.getOffsetDateTime("last_seen_at")))
        .put("state", reporting.state(row.getOffsetDateTime("last_seen_at"), row.getBoolean("closed")));
  }
}
