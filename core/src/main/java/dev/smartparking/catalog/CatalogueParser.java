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
    return new Catalogue.Unit(id, e.name(), e.optionalId("district"), webhook(e));
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
    return new Catalogue.Lot(id, e.name(), e.id("district"), e.latitude(), e.longitude(),
        e.integer("capacity", 0, 100_000, null), counting, kind, bays);
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
    return new Catalogue.Device(id, e.oneOf("kind", DEVICE_KINDS), e.ids("lots", 10_000), e.ids("covers", 10_000),
        secret, Boolean.TRUE.equals(rotate));
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
