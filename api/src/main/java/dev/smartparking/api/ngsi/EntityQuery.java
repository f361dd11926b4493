package dev.smartparking.api.ngsi;

import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The parameters of {@code GET /ngsi-ld/v1/entities} this view understands: {@code type}, {@code
 * q}, a {@code near} georel, {@code limit}/{@code offset} and the representation. A parameter of
 * NGSI-LD it does not implement is a 501; one NGSI-LD does not know is a 400 naming it. The bounds
 * of {@code limit} and {@code offset} are the contract's, checked before ({@code ContractCheck}).
 */
record EntityQuery(String type, List<SpotCondition> conditions, Near near, int limit, int offset,
    boolean keyValues) {

  static final int DEFAULT_LIMIT = 20;
  /** The same bound as {@code /api/v1/lots/nearby}: the grid search is meant for "what is close". */
  static final int MAX_DISTANCE_M = 50_000;
  private static final Set<String> UNDERSTOOD = Set.of("type", "q", "georel", "geometry", "coordinates", "limit",
      "offset", "options", "format");
  private static final Set<String> NOT_IMPLEMENTED = Set.of("id", "idPattern", "attrs", "pick", "omit", "geoproperty",
      "csf", "scopeQ", "lang", "count", "local", "datasetId", "expandValues", "join", "joinLevel", "entityMap");

  /** Within {@code maxDistanceM} of a point. */
  record Near(double lon, double lat, double maxDistanceM) {}

  /**
   * The query parameters with {@code ;} as an ordinary character: NGSI-LD writes it unescaped
   * inside values ({@code q=a>1;b<2}, {@code georel=near;maxDistance==100}), and the default
   * decoder would split parameters at it.
   */
  static MultiMap parameters(RoutingContext ctx) {
    return ctx.request().params(true);
  }

  static EntityQuery of(MultiMap params) {
    for (String name : params.names()) {
      if (NOT_IMPLEMENTED.contains(name)) {
        throw NgsiProblem.notSupported("the parameter '" + name + "' is not implemented by this read-only view");
      }
      if (!UNDERSTOOD.contains(name)) {
        throw NgsiProblem.badRequest("unknown parameter '" + name + "'");
      }
      if (params.getAll(name).size() > 1) {
        throw NgsiProblem.badRequest("the parameter '" + name + "' is given more than once");
      }
    }
    String type = params.get("type");
    if (type == null || type.isBlank()) {
      throw NgsiProblem.badRequest("type: a query needs an entity type (OffStreetParking, OnStreetParking or"
          + " ParkingSpot)");
    }
    if (type.contains(",") || type.contains("|")) {
      throw NgsiProblem.notSupported("type: one entity type per query; '" + type + "' names several");
    }
    String q = params.get("q");
    return new EntityQuery(type, q == null ? List.of() : SpotCondition.parse(q), near(params),
        integer(params, "limit", DEFAULT_LIMIT), integer(params, "offset", 0), keyValues(params));
  }

  /** {@code options=keyValues} (or {@code format=keyValues}): the simplified form; normalized otherwise. */
  static boolean keyValues(MultiMap params) {
    String format = params.get("format");
    if (format != null && !format.equals("keyValues") && !format.equals("normalized")) {
      throw NgsiProblem.badRequest("format: '" + format + "' is neither keyValues nor normalized");
    }
    boolean keyValues = "keyValues".equals(format);
    String options = params.get("options");
    if (options != null) {
      for (String option : options.split(",")) {
        switch (option.strip()) {
          case "keyValues" -> keyValues = true;
          case "normalized" -> { }
          case "sysAttrs", "concise", "entityMap" ->
              throw NgsiProblem.notSupported("options: '" + option + "' is not implemented by this view");
          default -> throw NgsiProblem.badRequest("options: unknown option '" + option + "'");
        }
      }
    }
    return keyValues;
  }

  private static Near near(MultiMap params) {
    String georel = params.get("georel");
    String geometry = params.get("geometry");
    String coordinates = params.get("coordinates");
    if (georel == null) {
      if (geometry != null || coordinates != null) {
        throw NgsiProblem.badRequest("geometry/coordinates: given without georel");
      }
      return null;
    }
    String[] parts = georel.split(";", -1);
    if (!parts[0].equals("near")) {
      if (Set.of("within", "contains", "intersects", "equals", "disjoint", "overlaps").contains(parts[0])) {
        throw NgsiProblem.notSupported("georel: '" + parts[0] + "' is not implemented; only near;maxDistance==");
      }
      throw NgsiProblem.badRequest("georel: unknown relation '" + parts[0] + "'");
    }
    if (parts.length != 2 || !parts[1].startsWith("maxDistance==")) {
      throw NgsiProblem.badRequest("georel: near takes one modifier, maxDistance==<metres>: '" + georel + "'");
    }
    double maxDistance = number("georel maxDistance", parts[1].substring("maxDistance==".length()));
    if (!(maxDistance > 0 && maxDistance <= MAX_DISTANCE_M)) {
      throw NgsiProblem.badRequest("georel: maxDistance must be above 0 and at most " + MAX_DISTANCE_M + " m");
    }
    if (!"Point".equals(geometry)) {
      throw NgsiProblem.badRequest("geometry: near needs geometry=Point, not " + (geometry == null ? "none"
          : "'" + geometry + "'"));
    }
    if (coordinates == null) {
      throw NgsiProblem.badRequest("coordinates: near needs coordinates=[lon,lat]");
    }
    JsonArray point;
    try {
      point = new JsonArray(coordinates);
    } catch (DecodeException | ClassCastException e) {
      throw NgsiProblem.badRequest("coordinates: '" + coordinates + "' is not a JSON array [lon,lat]");
    }
    if (point.size() != 2 || !(point.getValue(0) instanceof Number) || !(point.getValue(1) instanceof Number)) {
      throw NgsiProblem.badRequest("coordinates: '" + coordinates + "' is not [lon,lat]");
    }
    double lon = point.getDouble(0);
    double lat = point.getDouble(1);
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      throw NgsiProblem.badRequest("coordinates: [" + lon + "," + lat + "] lies outside [-180..180, -90..90]");
    }
    return new Near(lon, lat, maxDistance);
  }

  private static double number(String part, String text) {
    try {
      double value = Double.parseDouble(text);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below, naming the part.
    }
    throw NgsiProblem.badRequest(part + ": '" + text + "' is not a number");
  }

  /**
   * A whole number, or {@code absent}; its bounds are the contract's. (The contract's check reads
   * the parameters split at {@code ;}, so it checked this value, unless a {@code ;} in {@code type}
   * hid an earlier one, {@code type=T;limit=5&limit=5000}: a type so written matches no entity,
   * and the answer is empty whatever the limit.)
   */
  private static int integer(MultiMap params, String name, int absent) {
    String text = params.get(name);
    if (text == null) {
      return absent;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      // An empty value (the contract's check takes it for none), one past int or with a ';' in it.
      throw NgsiProblem.badRequest(name + ": '" + text + "' is not a whole number");
    }
  }
}
