package dev.smartparking.catalog;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Reads and checks a catalogue document; every error names the entry at fault, e.g. {@code lots[3].capacity}. */
public final class CatalogueParser {

  /** Identifiers end up in MQTT topic levels, so no '/', '+' or '#'. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");
  private static final Set<String> COUNTING = Set.of("status", "bays");
  private static final Set<String> DEVICE_KINDS = Set.of("lot_gateway", "bay_gateway", "cover_sensor");
  private static final int MIN_WEBHOOK_SECRET_LENGTH = 16;
  private static final int MAX_URL_LENGTH = 2048;
  private static final int MAX_BAYS_PER_LOT = 100_000;
  private static final int MAX_ENTRANCES = 32;
  private static final Pattern PHONE = Pattern.compile("[0-9+()\\- ]{3,32}");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Set<String> ENTRANCE_KINDS = Set.of("in", "out", "both");
  private static final List<String> SPOT_TYPES = List.of("normal", "disabled", "ev_charging");

  private CatalogueParser() {}

  public static Catalogue parse(Buffer json) {
    if (json.length() == 0) {
      throw new CatalogueException("the catalogue is empty: send the JSON document as the request body");
    }
    JsonObject root;
    try {
      root = json.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new CatalogueException("the catalogue is not a JSON object: " + e.getMessage());
    }
    return parse(root);
  }

  public static Catalogue parse(JsonObject root) {
    return new Catalogue(
        section(root, "districts", CatalogueParser::district),
        section(root, "units", CatalogueParser::unit),
        section(root, "lots", CatalogueParser::lot),
        section(root, "covers", CatalogueParser::cover),
        section(root, "devices", CatalogueParser::device));
  }

  private static <T> List<T> section(JsonObject root, String name, BiFunction<Entry, String, T> reader) {
    Object value = root.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new CatalogueException(name + ": expected an array");
    }
    List<T> items = new ArrayList<>(array.size());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = name + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw new CatalogueException(path + ": expected an object");
      }
      Entry entry = new Entry(path, object);
      String idField = name.equals("districts") ? "code" : "id";
      String id = entry.id(idField);
      if (!ids.add(id)) {
        throw new CatalogueException(path + "." + idField + ": duplicate '" + id + "'");
      }
      items.add(reader.apply(entry, id));
    }
    return List.copyOf(items);
  }

  private static Catalogue.District district(Entry e, String code) {
    return new Catalogue.District(code, e.name());
  }

  private static Catalogue.Unit unit(Entry e, String id) {
    Integer target = e.object.getValue("cover_target") == null ? null : e.integer("cover_target", 0, 10_000_000, null);
    return new Catalogue.Unit(id, e.name(), e.optionalId("district"), webhook(e), target);
  }

  /** Absent: the unit keeps the webhook it has; {@code null}: it has none from now on. */
  private static Catalogue.WebhookChange webhook(Entry e) {
    if (!e.object.containsKey("webhook")) {
      return Catalogue.WebhookChange.KEEP;
    }
    Object value = e.object.getValue("webhook");
    if (value == null) {
      return Catalogue.WebhookChange.REMOVE;
    }
    if (!(value instanceof JsonObject object)) {
      throw new CatalogueException(e.path + ".webhook: expected an object {\"url\", \"secret\"} or null");
    }
    Entry hook = new Entry(e.path + ".webhook", object);
    return Catalogue.WebhookChange.set(hook.httpUrl("url"), hook.text("secret", MIN_WEBHOOK_SECRET_LENGTH, 256));
  }

  private static Catalogue.Lot lot(Entry e, String id) {
    String counting = e.oneOf("counting", COUNTING);
    List<String> bays = e.ids("bays", MAX_BAYS_PER_LOT);
    if (counting.equals("status") && !bays.isEmpty()) {
      throw new CatalogueException(e.path + ".bays: only a lot counted by 'bays' has bays");
    }
    String kind = e.object.getValue("kind") == null ? "unspecified" : e.id("kind");
    int capacity = e.integer("capacity", 0, 100_000, null);
    return new Catalogue.Lot(id, e.name(), e.id("district"), e.latitude(), e.longitude(), capacity, counting, kind,
        bays, details(e, id, capacity));
  }

  /** The lot's static data (docs/catalogue.md, "Static lot data"); each field optional. */
  private static LotDetails details(Entry e, String id, int capacity) {
    String openingHours = e.optionalText("opening_hours", 1, 255);
    if (openingHours != null) {
      OpeningHours.problem(openingHours).ifPresent(why -> {
        throw new CatalogueException(e.path + ".opening_hours of lot '" + id + "': '" + openingHours
            + "' is not in the OpenStreetMap opening_hours syntax: " + why);
      });
    }
    String phone = e.optionalText("phone", 3, 32);
    if (phone != null && !PHONE.matcher(phone).matches()) {
      throw new CatalogueException(e.path + ".phone of lot '" + id + "': digits, spaces, + - ( ) only");
    }
    return new LotDetails(e.optionalText("operator", 1, 200), e.optionalText("address", 1, 300), phone,
        openingHours, e.optionalText("fee_text", 1, 500), fee(e), entrances(e), spots(e, id, capacity));
  }

  private static JsonObject fee(Entry lot) {
    Entry e = lot.optionalObject("fee");
    if (e == null) {
      return null;
    }
    String currency = e.text("currency", 3, 3);
    if (!CURRENCY.matcher(currency).matches()) {
      throw new CatalogueException(e.path + ".currency: an ISO 4217 code such as CNY");
    }
    JsonObject fee = new JsonObject().put("currency", currency)
        .put("free_minutes", e.integer("free_minutes", 0, 1440, 0))
        .put("per_hour", e.number("per_hour", 0, 10_000, null));
    if (e.object.getValue("first_hour") != null) {
      fee.put("first_hour", e.number("first_hour", 0, 10_000, null));
    }
    if (e.object.getValue("daily_max") != null) {
      fee.put("daily_max", e.number("daily_max", 0, 100_000, null));
    }
    return fee;
  }

  private static JsonArray entrances(Entry lot) {
    Object value = lot.object.getValue("entrances");
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_ENTRANCES) {
      throw new CatalogueException(lot.path + ".entrances: expected an array of 1 to " + MAX_ENTRANCES + " entrances");
    }
    JsonArray entrances = new JsonArray();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String path = lot.path + ".entrances[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw new CatalogueException(path + ": expected an object {\"id\", \"lat\", \"lon\"}");
      }
      Entry e = new Entry(path, object);
      String id = e.id("id");
      if (!ids.add(id)) {
        throw new CatalogueException(path + ".id: '" + id + "' is given twice");
      }
      entrances.add(new JsonObject().put("id", id).put("lat", e.latitude()).put("lon", e.longitude())
          .put("kind", object.getValue("kind") == null ? "both" : e.oneOf("kind", ENTRANCE_KINDS)));
    }
    return entrances;
  }

  /** Spaces by type; together no more than the lot's capacity. */
  private static JsonObject spots(Entry lot, String id, int capacity) {
    Entry e = lot.optionalObject("spots");
    if (e == null) {
      return null;
    }
    JsonObject spots = new JsonObject();
    int sum = 0;
    for (String type : SPOT_TYPES) {
      if (e.object.getValue(type) != null) {
        int n = e.integer(type, 0, 100_000, null);
        spots.put(type, n);
        sum += n;
      }
    }
    for (String field : e.object.fieldNames()) {
      if (!SPOT_TYPES.contains(field)) {
        throw new CatalogueException(e.path + "." + field + ": not a type of space (" + SPOT_TYPES + ")");
      }
    }
    if (sum > capacity) {
      throw new CatalogueException(e.path + " of lot '" + id + "': " + sum + " spaces by type, more than its capacity "
          + capacity);
    }
    return spots;
  }

  private static Catalogue.Cover cover(Entry e, String id) {
    return new Catalogue.Cover(id, e.id("unit"), e.id("district"), e.latitude(), e.longitude(),
        e.integer("report_interval_s", 1, 7 * 24 * 3600, Catalogue.Cover.DEFAULT_REPORT_INTERVAL_S),
        e.number("gas_limit_ppm", 0, 1_000_000, Catalogue.Cover.DEFAULT_GAS_LIMIT_PPM),
        e.number("tilt_limit_deg", 0, 180, Catalogue.Cover.DEFAULT_TILT_LIMIT_DEG),
        e.number("water_margin_cm", -100, 1000, Catalogue.Cover.DEFAULT_WATER_MARGIN_CM),
        e.integer("battery_min_pct", 0, 100, Catalogue.Cover.DEFAULT_BATTERY_MIN_PCT));
  }

  private static Catalogue.Device device(Entry e, String id) {
    String secret = e.object.getValue("secret") == null ? null : e.text("secret", 1, 256);
    if (secret != null) {
      SecretStrength.weakness(secret).ifPresent(why -> {
        throw new CatalogueException(e.path + ".secret of device '" + id + "': too weak, " + why
            + " (leave it out and the server issues one)");
      });
    }
    Object rotate = e.object.getValue("rotate_secret");
    if (rotate != null && !(rotate instanceof Boolean)) {
      throw new CatalogueException(e.path + ".rotate_secret: expected true or false");
    }
    if (secret != null && Boolean.TRUE.equals(rotate)) {
      throw new CatalogueException(e.path + ": give either a secret or rotate_secret, not both");
    }
    Object enabled = e.object.getValue("enabled");
    if (enabled != null && !(enabled instanceof Boolean)) {
      throw new CatalogueException(e.path + ".enabled: expected true or false");
    }
    return new Catalogue.Device(id, e.oneOf("kind", DEVICE_KINDS), e.ids("lots", 10_000), e.ids("covers", 10_000),
        secret, Boolean.TRUE.equals(rotate), (Boolean) enabled);
  }

  /** One object of a section, with its path for messages. */
  private record Entry(String path, JsonObject object) {

    String text(String field, int minLength, int maxLength) {
      Object value = object.getValue(field);
      if (!(value instanceof String text)) {
        throw new CatalogueException(path + "." + field + ": " + (value == null ? "missing" : "expected a string"));
      }
      if (text.length() < minLength || text.length() > maxLength) {
        throw new CatalogueException(path + "." + field + ": must be " + minLength + " to " + maxLength
            + " characters long");
      }
      return text;
    }

    /** An absolute http or https URL: webhooks are called over nothing else. */
    String httpUrl(String field) {
      String text = text(field, 1, MAX_URL_LENGTH);
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException ex) {
        throw new CatalogueException(path + "." + field + ": not a URL: " + ex.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new CatalogueException(path + "." + field + ": must be an http or https URL, got '" + text + "'");
      }
      if (uri.getHost() == null || uri.getRawUserInfo() != null) {
        throw new CatalogueException(path + "." + field + ": needs a host and no user information, got '" + text + "'");
      }
      return text;
    }

    String name() {
      return text("name", 1, 200);
    }

    /** A string field that may be left out (null then). */
    String optionalText(String field, int minLength, int maxLength) {
      return object.getValue(field) == null ? null : text(field, minLength, maxLength);
    }

    /** An object field that may be left out (null then), as an entry of its own for its errors. */
    Entry optionalObject(String field) {
      Object value = object.getValue(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof JsonObject nested)) {
        throw new CatalogueException(path + "." + field + ": expected an object");
      }
      return new Entry(path + "." + field, nested);
    }

    String id(String field) {
      String id = text(field, 1, 64);
      if (!ID.matcher(id).matches()) {
        throw new CatalogueException(path + "." + field + ": '" + id
            + "' may hold only letters, digits and . _ : -");
      }
      return id;
    }

    String optionalId(String field) {
      return object.getValue(field) == null ? null : id(field);
    }

    String oneOf(String field, Set<String> allowed) {
      String value = text(field, 1, 64);
      if (!allowed.contains(value)) {
        throw new CatalogueException(path + "." + field + ": '" + value + "' is not one of " + allowed);
      }
      return value;
    }

    List<String> ids(String field, int max) {
      Object value = object.getValue(field);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof JsonArray array) || array.size() > max) {
        throw new CatalogueException(path + "." + field + ": expected an array of at most " + max + " ids");
      }
      List<String> ids = new ArrayList<>(array.size());
      for (int i = 0; i < array.size(); i++) {
        Object item = array.getValue(i);
        if (!(item instanceof String id) || !ID.matcher(id).matches()) {
          throw new CatalogueException(path + "." + field + "[" + i + "]: not a valid id");
        }
        ids.add(id);
      }
      if (new HashSet<>(ids).size() != ids.size()) {
        throw new CatalogueException(path + "." + field + ": lists an id twice");
      }
      return List.copyOf(ids);
    }

    double number(String field, double min, double max, Double fallback) {
      Object value = object.getValue(field);
      if (value == null && fallback != null) {
        return fallback;
      }
      if (!(value instanceof Number number)) {
        throw new CatalogueException(path + "." + field + ": " + (value == null ? "missing" : "expected a number"));
      }
      double d = number.doubleValue();
      if (!(d >= min && d <= max)) {
        throw new CatalogueException(path + "." + field + ": must be between " + min + " and " + max + ", got " + d);
      }
      return d;
    }

    int integer(String field, int min, int max, Integer fallback) {
      Object value = object.getValue(field);
      if (value == null && fallback != null) {
        return fallback;
      }
      if (!(value instanceof Integer || value instanceof Long)) {
        throw new CatalogueException(path + "." + field + ": " + (value == null ? "missing" : "expected an integer"));
      }
      long l = ((Number) value).longValue();
      if (l < min || l > max) {
        throw new CatalogueException(path + "." + field + ": must be between " + min + " and " + max + ", got " + l);
      }
      return (int) l;
    }

    double latitude() {
      return number("lat", -90, 90, null);
    }

    double longitude() {
      return number("lon", -180, 180, null);
    }
  }
}
