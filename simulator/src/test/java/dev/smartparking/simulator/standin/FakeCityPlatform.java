package dev.smartparking.simulator.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in for the server's REST side: takes a catalogue (handing the device secrets to the
 * {@link FakeBroker}) and answers availability from the messages the broker received, applied as the
 * server applies them.
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

  private final FakeBroker broker;
  private final HttpServer http;

  public FakeCityPlatform(FakeBroker broker) throws IOException {
    this.broker = broker;
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/v1/admin/catalogue", this::onCatalogue);
    http.createContext("/api/v1/availability", this::onAvailability);
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
