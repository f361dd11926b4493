package dev.smartparking.api;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lots as PostgreSQL answers them, built by SQL alone: the reference the lot answers from memory
 * must equal. The nearby query is the one that answered {@code /api/v1/lots/nearby} before the
 * lots were held in memory: a brute-force haversine filter over every row of lots.
 */
final class LotOracle {

  /** API.md's lot shape, the state judged with now() and the fixture's lots.offline-after. */
  private static final String LOT_JSON = """
      json_build_object('id', l.id, 'name', l.name, 'district', l.district_code,
        'location', json_build_object('lat', l.lat, 'lon', l.lon), 'capacity', l.capacity,
        'total', coalesce(s.total, l.capacity), 'free', s.free,
        'state', CASE WHEN s.last_seen_at IS NULL THEN 'unknown'
                      WHEN s.last_seen_at < now() - interval '%d seconds' THEN 'offline'
                      WHEN s.closed THEN 'closed' ELSE 'open' END,
        'updated_at', to_char(s.observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'last_seen_at', to_char(s.last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text AS lot"""
      .formatted(ApiFixture.OFFLINE_AFTER.toSeconds());
  private static final String FROM = " FROM lots l LEFT JOIN lot_state s ON s.lot_id = l.id";
  private static final String LOT = "SELECT " + LOT_JSON + FROM + " WHERE l.id = ?";
  private static final String NEARBY = "SELECT " + LOT_JSON + ", d.distance_m" + FROM + """

      CROSS JOIN LATERAL (SELECT 2 * 6371008.8 * asin(sqrt(least(1,
          sin(radians(l.lat - ?) / 2) ^ 2
          + cos(radians(?)) * cos(radians(l.lat)) * sin(radians(l.lon - ?) / 2) ^ 2))) AS distance_m) d
      WHERE d.distance_m <= ?
        AND (?::int IS NULL OR s.free >= ?)
      ORDER BY d.distance_m, l.id
      LIMIT ?""";

  private final ApiFixture api;

  LotOracle(ApiFixture api) {
    this.api = api;
  }

  JsonObject lot(String id) {
    return new JsonObject((String) api.db().rows(LOT, id).get(0).get("lot"));
  }

  /** The answer of the nearby query, each lot with its {@code distance_m} rounded to 0.1 m as API.md's answer has it. */
  List<JsonObject> nearby(double lat, double lon, double radiusM, Integer minFree, int limit) {
    List<JsonObject> lots = new ArrayList<>();
    for (Map<String, Object> row : api.db().rows(NEARBY, lat, lat, lon, radiusM, minFree, minFree, limit)) {
      double distance = ((Number) row.get("distance_m")).doubleValue();
      lots.add(new JsonObject((String) row.get("lot")).put("distance_m", Math.round(distance * 10) / 10.0));
    }
    return lots;
  }
}
