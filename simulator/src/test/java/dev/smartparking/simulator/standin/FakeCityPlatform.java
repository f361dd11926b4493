package dev.smartparking.simulator.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A stand-in for the server's REST side: takes a catalogue (handing the device secrets to the
 * {@link FakeBroker}) and answers availability from the messages the broker received, applied as the
 * server applies them; lots, message counts and rejected messages from what the broker stored when it
 * judges ({@link FakeStore}).
 */
public final class FakeCityPlatform implements AutoCloseable {

  public static final String ADMIN_TOKEN = "admin-token";
  public static final String READER_TOKEN = "reader-token";

  public enum Provisioning {
    ACCEPT,
    ISSUE_SECRETS,
    ACCEPT_BUT_BROKER_UNAWARE,
    REFUSE
  }

  public volatile Provisioning provisioning = Provisioning.ACCEPT;
  public volatile JsonObject catalogue;
  /** Largest page the paged endpoints answer, small so that tests go through several pages. */
  public volatile int pageSize = 7;

  private final FakeBroker broker;
  private final HttpServer http;

  public FakeCityPlatform(FakeBroker broker) throws IOException {
    this.broker = broker;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/v1/admin/catalogue", this::onCatalogue);
    http.createContext("/api/v1/availability", this::onAvailability);
    http.createContext("/api/v1/lots", this::onLots);
    http.createContext("/api/v1/admin/message-counts", this::onMessageCounts);
    http.createContext("/api/v1/admin/rejected", this::onRejected);
    http.createContext("/api/v1/covers/alarms", this::onAlarms);
    http.createContext("/api/v1/reports", this::onReports);
    http.start();
  }

  public String api() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private void onCatalogue(HttpExchange exchange) throws IOException {
    // Read the whole body before any answer: answering a large upload early and closing made the
    // client see "no bytes" now and then instead of the 401 or 400.
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (!authorised(exchange, ADMIN_TOKEN)) {
      return;
    }
    if (provisioning == Provisioning.REFUSE) {
      send(exchange, 400, error("invalid_catalogue", "lots[3].district: unknown district '410899'"));
      return;
    }
    JsonObject document = new JsonObject(new String(body, StandardCharsets.UTF_8));
    catalogue = document;
    broker.store.register(document);
    broker.alarms.register(document);
    JsonObject issued = new JsonObject();
    for (JsonObject device : objects(document.getJsonArray("devices"))) {
      String id = device.getString("id");
      String secret = device.getString("secret");
      if (provisioning == Provisioning.ISSUE_SECRETS) {
        secret = "issued-by-server-" + id;
        issued.put(id, secret);
      }
      if (provisioning != Provisioning.ACCEPT_BUT_BROKER_UNAWARE) {
        broker.secrets.put(id, secret);
      }
    }
    JsonObject answer =
        new JsonObject()
            .put("districts", document.getJsonArray("districts").size())
            .put("units", document.getJsonArray("units").size())
            .put("lots", document.getJsonArray("lots").size())
            .put("bays", objects(document.getJsonArray("lots")).stream().mapToInt(l -> l.getJsonArray("bays", new JsonArray()).size()).sum())
            .put("covers", document.getJsonArray("covers").size())
            .put("devices", document.getJsonArray("devices").size())
            .put("issued_secrets", issued);
    send(exchange, 200, answer);
  }

  private void onAvailability(HttpExchange exchange) throws IOException {
    if (!authorised(exchange, READER_TOKEN)) {
      return;
    }
    Map<String, JsonObject> latest = latestStatusByLot();
    Map<String, JsonObject> rows = new LinkedHashMap<>();
    for (JsonObject district : objects(catalogue.getJsonArray("districts"))) {
      rows.put(
          district.getString("code"),
          new JsonObject()
              .put("code", district.getString("code"))
              .put("name", district.getString("name"))
              .put("lots", 0)
              .put("lots_reporting", 0)
              .put("total", 0L)
              .put("free", 0L));
    }
    for (JsonObject lot : objects(catalogue.getJsonArray("lots"))) {
      JsonObject row = rows.get(lot.getString("district"));
      row.put("lots", row.getInteger("lots") + 1);
      JsonObject status = latest.get(lot.getString("id"));
      if (status != null) {
        row.put("lots_reporting", row.getInteger("lots_reporting") + 1);
        row.put("total", row.getLong("total") + status.getLong("total"));
        row.put("free", row.getLong("free") + status.getLong("free"));
      }
    }
    JsonObject city = new JsonObject().put("updated_at", "2026-11-23T08:00:00.250Z");
    JsonArray districts = new JsonArray();
    long total = 0;
    long free = 0;
    int lots = 0;
    int reporting = 0;
    for (JsonObject row : rows.values()) {
      total += row.getLong("total");
      free += row.getLong("free");
      lots += row.getInteger("lots");
      reporting += row.getInteger("lots_reporting");
      districts.add(row.put("occupancy_rate", rate(row.getLong("total"), row.getLong("free"))));
    }
    city.put("total", total).put("free", free).put("occupancy_rate", rate(total, free));
    city.put("lots", lots).put("lots_reporting", reporting).put("districts", districts);
    send(exchange, 200, city);
  }

  /** GET /api/v1/lots: every catalogue lot, by id, with the store's state; paged. */
  private void onLots(HttpExchange exchange) throws IOException {
    if (!authorised(exchange, READER_TOKEN)) {
      return;
    }
    Map<String, String> query = query(exchange);
    Map<String, FakeStore.LotState> states = broker.store.lotStates();
    if (broker.acks == FakeBroker.Acks.STORE) {
      // Stored without judging: the lots are as the messages received make them.
      replayedLotStates().forEach(states::putIfAbsent);
    }
    List<JsonObject> lots = new ArrayList<>();
    for (JsonObject lot : objects(catalogue.getJsonArray("lots"))) {
      FakeStore.LotState state = states.get(lot.getString("id"));
      lots.add(
          new JsonObject()
              .put("id", lot.getString("id"))
              .put("name", lot.getString("name"))
              .put("district", lot.getString("district"))
              .put("location", new JsonObject().put("lat", lot.getDouble("lat")).put("lon", lot.getDouble("lon")))
              .put("total", state == null ? null : state.total())
              .put("free", state == null ? null : state.free())
              .put("state", state == null ? "unknown" : state.closed() ? "closed" : "open")
              .put("updated_at", null)
              .put("last_seen_at", null));
    }
    lots.sort(Comparator.comparing((JsonObject l) -> l.getString("id")));
    send(exchange, 200, page(lots, query, "lots"));
  }

  /** GET /api/v1/admin/message-counts: per device, accepted with ts >= since and rejected received >= since. */
  private void onMessageCounts(HttpExchange exchange) throws IOException {
    if (!authorised(exchange, ADMIN_TOKEN)) {
      return;
    }
    Map<String, String> query = query(exchange);
    Instant since = Instant.parse(query.get("since"));
    Map<String, JsonObject> devices = new TreeMap<>();
    List<FakeStore.Accepted> accepted = new ArrayList<>(broker.store.accepted());
    if (broker.acks == FakeBroker.Acks.STORE) {
      // Stored without judging: every message received counts, once per (device, seq).
      accepted.addAll(receivedOnce());
    }
    for (FakeStore.Accepted message : accepted) {
      if (message.ts() >= since.toEpochMilli()) {
        JsonObject row = devices.computeIfAbsent(message.device(), FakeCityPlatform::countRow);
        row.put("accepted", row.getLong("accepted") + 1);
        JsonObject byTopic = row.getJsonObject("by_topic");
        byTopic.put("status", byTopic.getLong("status") + 1);
      }
    }
    for (FakeStore.Rejection rejection : broker.store.rejected()) {
      if (!rejection.receivedAt().isBefore(since)) {
        JsonObject row = devices.computeIfAbsent(rejection.device(), FakeCityPlatform::countRow);
        row.put("rejected", row.getLong("rejected") + 1);
      }
    }
    send(exchange, 200, page(new ArrayList<>(devices.values()), query, "devices"));
  }

  private static JsonObject countRow(String device) {
    return new JsonObject()
        .put("device_id", device)
        .put("accepted", 0L)
        .put("by_topic", new JsonObject().put("status", 0L).put("passages", 0L).put("bays", 0L).put("telemetry", 0L))
        .put("rejected", 0L);
  }

  /** GET /api/v1/admin/rejected: rows received at or after since, oldest first; paged. */
  private void onRejected(HttpExchange exchange) throws IOException {
    if (!authorised(exchange, ADMIN_TOKEN)) {
      return;
    }
    Map<String, String> query = query(exchange);
    Instant since = Instant.parse(query.get("since"));
    List<JsonObject> rows = new ArrayList<>();
    for (FakeStore.Rejection rejection : broker.store.rejected()) {
      if (!rejection.receivedAt().isBefore(since)) {
        rows.add(
            new JsonObject()
                .put("received_at", rejection.receivedAt().toString())
                .put("device_id", rejection.device())
                .put("topic", rejection.topic())
                .put("qos", rejection.qos())
                .put("reason", rejection.reason())
                .put("detail", rejection.detail())
                .put("payload_sha256", rejection.payloadSha256())
                .put("payload_bytes", rejection.payload().length));
      }
    }
    send(exchange, 200, page(rows, query, "rejected"));
  }

  /** One page of {@code items} from the offset in {@code cursor}, at most min(limit, pageSize) long. */
  private JsonObject page(List<JsonObject> items, Map<String, String> query, String field) {
    int from = query.containsKey("cursor") ? Integer.parseInt(query.get("cursor")) : 0;
    int limit = Math.min(pageSize, Integer.parseInt(query.getOrDefault("limit", "100")));
    int to = Math.min(items.size(), from + limit);
    return new JsonObject()
        .put(field, new JsonArray(new ArrayList<>(items.subList(from, to))))
        .put("next_cursor", to < items.size() ? Integer.toString(to) : null);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  /** Messages the broker took without judging them, once per (device, seq): what a server would count. */
  private List<FakeStore.Accepted> receivedOnce() {
    Map<String, FakeStore.Accepted> once = new LinkedHashMap<>();
    for (FakeBroker.Received message : broker.received) {
      JsonObject payload = new JsonObject(message.payload());
      once.putIfAbsent(
          message.clientId() + "/" + payload.getLong("seq"),
          new FakeStore.Accepted(message.clientId(), payload.getLong("seq"), payload.getLong("ts"), message.topic(), null, 0, 0, false));
    }
    return new ArrayList<>(once.values());
  }

  private Map<String, FakeStore.LotState> replayedLotStates() {
    Map<String, FakeStore.LotState> states = new HashMap<>();
    latestStatusByLot()
        .forEach((lot, counts) -> states.put(lot, new FakeStore.LotState(lot, counts.getInteger("total"), counts.getInteger("free"), false)));
    return states;
  }

  /** GET /api/v1/covers/alarms (paged, newest first) and /api/v1/covers/alarms/{id} (with its history). */
  private void onAlarms(HttpExchange exchange) throws IOException {
    if (!authorised(exchange, READER_TOKEN)) {
      return;
    }
    String path = exchange.getRequestURI().getPath();
    String rest = path.substring("/api/v1/covers/alarms".length());
    if (rest.isEmpty() || rest.equals("/")) {
      send(exchange, 200, page(broker.alarms.list(), query(exchange), "alarms"));
      return;
    }
    JsonObject alarm = broker.alarms.detail(rest.substring(1));
    if (alarm == null) {
      send(exchange, 404, error("not_found", "no alarm " + rest.substring(1)));
    } else {
      send(exchange, 200, alarm);
    }
  }

  /**
   * GET /api/v1/reports/covers and /onboarding from the provisioned catalogue and the messages the
   * broker received: each unit's covers and target, each district's lots and those that reported.
   * No cover reports, no alarm is counted and every row ranks first: the demo checks no more.
   */
  private void onReports(HttpExchange exchange) throws IOException {
    if (!authorised(exchange, READER_TOKEN)) {
      return;
    }
    JsonObject city = catalogue == null ? new JsonObject() : catalogue;
    String path = exchange.getRequestURI().getPath();
    if (path.endsWith("/covers")) {
      JsonArray units = new JsonArray();
      for (JsonObject unit : objects(city.getJsonArray("units", new JsonArray()))) {
        long covers = objects(city.getJsonArray("covers", new JsonArray())).stream()
            .filter(c -> unit.getString("id").equals(c.getString("unit"))).count();
        units.add(new JsonObject().put("rank", 1).put("unit_id", unit.getString("id")).put("unit", unit.getString("name"))
            .put("district", unit.getString("district")).put("target", unit.getInteger("cover_target"))
            .put("covers", covers).put("covers_reporting", 0).put("reporting_rate", 0.0).put("alarms_raised", 0)
            .put("alarms_open", 0).put("alarms_resolved", 0).put("median_resolve_s", null));
      }
      send(exchange, 200, new JsonObject().put("from", "2026-11-30T16:00:00.000Z").put("to", "2026-12-31T16:00:00.000Z")
          .put("units", units));
      return;
    }
    Set<String> reported = latestStatusByLot().keySet();
    JsonArray districts = new JsonArray();
    for (JsonObject district : objects(city.getJsonArray("districts", new JsonArray()))) {
      List<JsonObject> lots = objects(city.getJsonArray("lots", new JsonArray())).stream()
          .filter(l -> district.getString("code").equals(l.getString("district"))).toList();
      long onboarded = lots.stream().filter(l -> reported.contains(l.getString("id"))).count();
      double rate = lots.isEmpty() ? 0.0 : (double) onboarded / lots.size();
      districts.add(new JsonObject().put("rank", 1).put("district", district.getString("code"))
          .put("name", district.getString("name")).put("lots", lots.size()).put("lots_onboarded", onboarded)
          .put("lots_reporting", onboarded).put("onboarding_rate", rate).put("reporting_rate", rate));
    }
    send(exchange, 200, new JsonObject().put("districts", districts));
  }

  /** Every lot's counts from the messages the broker received, applied as the server applies them. */
  private Map<String, JsonObject> latestStatusByLot() {
    LotReplay replay = new LotReplay();
    Set<String> lots = new HashSet<>();
    for (FakeBroker.Received message : broker.received) {
      replay.apply(message.clientId(), message.topic(), message.payload());
      String[] parts = message.topic().split("/");
      if (parts.length == 4 && parts[1].equals("lots")) {
        lots.add(parts[2]);
      }
    }
    Map<String, JsonObject> counts = new HashMap<>();
    for (String lot : lots) {
      LotReplay.Counts lotCounts = replay.counts(lot);
      if (lotCounts != null) {
        counts.put(lot, new JsonObject().put("total", lotCounts.total()).put("free", lotCounts.free()));
      }
    }
    return counts;
  }

  /** A lot's counts as availability would show them, or null when it has none. */
  public JsonObject lotCounts(String lotId) {
    return latestStatusByLot().get(lotId);
  }

  private static double rate(long total, long free) {
    return total == 0 ? 0.0 : 1.0 - (double) free / total;
  }

  private static boolean authorised(HttpExchange exchange, String token) throws IOException {
    if (("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return true;
    }
    send(exchange, 401, error("unauthorized", "missing or wrong bearer token"));
    return false;
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("error", code).put("message", message);
  }

  private static void send(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  public static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      list.add(array.getJsonObject(i));
    }
    return list;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
