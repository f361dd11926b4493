package dev.smartparking.api.cover;

import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.JsonResponses;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * {@code GET /api/v1/covers/{coverId}}: one cover now. Its thresholds, the latest value of each
 * measurement with the device time of the reading it came from (readings may carry only some
 * measurements, so each has its own), when the server last heard from it, and its unresolved
 * alarms (status open or acknowledged, active or cleared), newest first, each in the one shape
 * cover_alarm_json writes. A measurement never reported is null.
 */
public final class CoverResource {

  static final String COVER_BY_ID = """
      SELECT jsonb_build_object(
          'id', c.id,
          'unit', jsonb_build_object('id', u.id, 'name', u.name),
          'district', c.district_code,
          'location', jsonb_build_object('lat', c.lat, 'lon', c.lon),
          'report_interval_s', c.report_interval_s,
          'thresholds', jsonb_build_object(
              'tilt_limit_deg', c.tilt_limit_deg,
              'water_margin_cm', c.water_margin_cm,
              'gas_limit_ppm', c.gas_limit_ppm,
              'battery_min_pct', c.battery_min_pct),
          'last_seen_at', rfc3339(s.last_seen_at),
          'observed_at', rfc3339(s.observed_at),
          'measurements', jsonb_build_object(
      """
      + measurement("tilt_deg", "tilt_observed_at") + ",\n"
      + measurement("open", "open_observed_at") + ",\n"
      + measurement("water_level_cm", "water_level_observed_at") + ",\n"
      + measurement("gas_ppm", "gas_observed_at") + ",\n"
      + measurement("battery_pct", "battery_observed_at") + ",\n"
      + measurement("rssi_dbm", "rssi_observed_at") + """
          ),
          'open_alarms', (
              SELECT coalesce(jsonb_agg(cover_alarm_json(a) ORDER BY a.raised_at DESC, a.id DESC), '[]'::jsonb)
              FROM cover_alarms a
              WHERE a.cover_id = c.id AND a.status <> 'resolved')) AS cover
      FROM covers c
      JOIN units u ON u.id = c.unit_id
      LEFT JOIN cover_state s ON s.cover_id = c.id
      WHERE c.id = $1 AND """ + Scope.coverCondition(2, 3);

  /** A measurement of cover_state (V3, V4) as {"value", "observed_at"}, or null when never reported. */
  private static String measurement(String column, String observedAt) {
    return "'%s', CASE WHEN s.%s IS NULL THEN NULL ELSE jsonb_build_object('value', s.%s, 'observed_at', rfc3339(s.%s)) END"
        .formatted(column, observedAt, column, observedAt);
  }

  private final Pool pool;

  public CoverResource(Pool pool) {
    this.pool = pool;
  }

  public void get(RoutingContext ctx) {
    String coverId = ctx.pathParam("coverId");
    pool.preparedQuery(COVER_BY_ID).execute(Tuple.of(coverId, Caller.scopeOf(ctx).district(), Caller.scopeOf(ctx).unit()))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("no cover '" + coverId + "'");
          }
          return rows.iterator().next().getJsonObject("cover");
        })
        .onSuccess(body -> JsonResponses.ok(ctx, body))
        .onFailure(ctx::fail);
  }
}
