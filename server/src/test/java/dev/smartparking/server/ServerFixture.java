package dev.smartparking.server;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestKeys;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;

/** The whole server (ingest and API in one process, unless configured otherwise) on ephemeral ports. */
final class ServerFixture implements AutoCloseable {

  static final String READER_TOKEN = "reader-token-of-the-server-tests-01";
  /** One key for the fixture's life, so a restarted server pairs what it hashed before. */
  static final String PLATE_KEY = TestKeys.plateKey();
  static final String ADMIN_TOKEN = "admin-token-of-the-server-tests-001";
  static final String GW1_SECRET = "gateway-1-secret-Hq4vX9tLw2";
  /**
   * A catalogue (docs/catalogue.md) of district 410802 with status-counted lots L-1 (420 places)
   * and L-2 (100), each with its gateway: gw-1 with {@link #GW1_SECRET}, gw-2 without a secret,
   * so the import issues one.
   */
  static final String CITY = """
      {"districts": [{"code": "410802", "name": "解放区"}],
       "lots": [
         {"id": "L-1", "name": "人民公园", "district": "410802", "lat": 35.24, "lon": 113.24,
          "capacity": 420, "counting": "status"},
         {"id": "L-2", "name": "民主路", "district": "410802", "lat": 35.24, "lon": 113.23,
          "capacity": 100, "counting": "status"}],
       "devices": [
         {"id": "gw-1", "kind": "lot_gateway", "lots": ["L-1"], "secret": "%s"},
         {"id": "gw-2", "kind": "lot_gateway", "lots": ["L-2"]}]}""".formatted(GW1_SECRET);

  private static final Pattern DEVICE_RELOADS = Pattern.compile(
      "smartparking_ingest_registry_queries_total\\{query=\"reload\",registry=\"devices\",?\\} (\\S+)");

  /** How long {@link #await} waits: generous, for a loaded machine. */
  static final Duration CATCH_UP = Duration.ofSeconds(10);

  final TestDatabase db;
  final ServerConfig config;
  private final boolean ownsDatabase;
  /**
   * HTTP/1.1 for every request: the JDK client's h2c upgrade of a GET whose answer is large
   * (/metrics) sometimes never completes, and the request then waits for the server's idle timeout.
   */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Server server;

  /** A server over a fresh database of its own, dropped on {@link #close}. */
  ServerFixture() {
    this(UnaryOperator.identity());
  }

  /**
   * A server over a fresh database of its own, dropped on {@link #close}; {@code customize} may
   * change any option after the fixture's own.
   */
  ServerFixture(UnaryOperator<ConfigLoader> customize) {
    this(TestPostgres.freshDatabase(), true, customize);
  }

  /** A server over {@code db}, left for its owner (another fixture, say) to drop; {@code customize} as above. */
  ServerFixture(TestDatabase db, UnaryOperator<ConfigLoader> customize) {
    this(db, false, customize);
  }

  private ServerFixture(TestDatabase db, boolean ownsDatabase, UnaryOperator<ConfigLoader> customize) {
    this.db = db;
    this.ownsDatabase = ownsDatabase;
    this.config = customize.apply(ConfigLoader.defaults()
            .setAll(db.serverSettings())
            .set("mqtt.host", "127.0.0.1")
            .set("mqtt.port", "0")
            .set("http.host", "127.0.0.1")
            .set("http.port", "0")
            .set("http.reader-token", READER_TOKEN)
            .set("http.admin-token", ADMIN_TOKEN)
            .set("ingest.plate-key", PLATE_KEY)
            // Every simulated device connects from loopback, and hostile runs send wrong secrets on purpose.
            .set("ingest.failed-connects-per-minute", "100000"))
        .build();
  }

  ServerFixture start() {
    server = Server.start(config).await();
    return this;
  }

  void restart() {
    server.close();
    start();
  }

  int mqttPort() {
    return server.mqttPort();
  }

  int mqttTlsPort() {
    return server.mqttTlsPort();
  }

  int httpPort() {
    return server.httpPort();
  }

  /**
   * Imports {@code catalogue} over the API and, when this server runs ingest, returns once ingest
   * has started reading the registry again on the import's notification: from then on it answers
   * by what the import registered.
   */
  int managementPort() {
    return server.managementPort();
  }

  /** {@code path} on the management listener, without a token, whatever it answers. */
  HttpResponse<String> managementAnswer(String path) {
    return answer(URI.create("http://127.0.0.1:" + server.managementPort() + path));
  }

  JsonObject importCatalogue(JsonObject catalogue) {
    double before = deviceReloads();
    JsonObject summary = post("/api/v1/admin/catalogue", catalogue.encode());
    // An import that changed nothing tells no process: there is no reload to wait for.
    if (config.mqtt().enabled() && summary.getBoolean("changed")) {
      Eventually.within(CATCH_UP, "ingest reads the registry after the import", () -> deviceReloads() > before);
    }
    return summary;
  }

  /** An admin POST with {@code body}, answered 200. */
  JsonObject post(String path, String body) {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** An admin GET, answered 200. */
  JsonObject getAsAdmin(String path) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
  }

  /** Reloads of ingest's device registry so far, from /metrics; 0 without ingest or metrics. */
  private double deviceReloads() {
    if (!config.mqtt().enabled() || !config.http().enabled()) {
      return 0;
    }
    URI metrics = server.managementPort() > 0
        ? URI.create("http://127.0.0.1:" + server.managementPort() + "/metrics") : uri("/metrics");
    HttpRequest scrape = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build();
    Matcher reloads;
    try {
      reloads = DEVICE_RELOADS.matcher(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return reloads.find() ? Double.parseDouble(reloads.group(1)) : 0;
  }

  JsonObject get(String path) {
    return send(readerGet(path));
  }

  private HttpRequest readerGet(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + READER_TOKEN).GET().build();
  }

  /**
   * Reads {@code path} until it answers 200 with a body that {@code reflects} what a test just
   * did: the API's view follows the database by notification, within a second, not at once.
   * Fails after {@link #CATCH_UP}, a deadline, not a speed check.
   */
  JsonObject await(String path, Predicate<JsonObject> reflects) {
    return Eventually.read(CATCH_UP, "GET " + path + " answered 200 with what the test did",
        () -> reply(readerGet(path)),
        reply -> reply.status() == 200 && reflects.test(reply.json())).json();
  }

  /** An answer, or the connection's failure as a status of -1: a server just restarted may reset one. */
  private Reply reply(HttpRequest request) throws InterruptedException {
    try {
      HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(answer.statusCode(), answer.body());
    } catch (IOException e) {
      return new Reply(-1, e.toString());
    }
  }

  /**
   * Reads {@code path} without a token until its answer is {@code wanted}, and returns it; for
   * readiness, which may be 503. Fails after {@code deadline}.
   */
  Reply awaitAnswer(String path, Duration deadline, Predicate<Reply> wanted) {
    return Eventually.read(deadline, "GET " + path + " answered as wanted",
        () -> reply(HttpRequest.newBuilder(uri(path)).GET().build()), wanted);
  }

  /** An answer as it was read: its status and body show in a wait's failure. */
  record Reply(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** {@code path} without a token, whatever it answers: for readiness, which may be 503. */
  HttpResponse<String> answer(String path) {
    return answer(uri(path));
  }

  private HttpResponse<String> answer(URI uri) {
    try {
      return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A lot gateway's status, published over MQTT 5 with QoS 1: stored once this returns. */
  void publishStatus(String device, String secret, String lot, long seq, int total, int free) {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(device)
        .serverHost("127.0.0.1").serverPort(mqttPort()).buildBlocking();
    client.connectWith().simpleAuth().username(device).password(secret.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    client.publishWith().topic("v1/lots/" + lot + "/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(seq, total, free)).send();
    client.disconnect();
  }

  /** A status payload observed now. */
  static byte[] status(long seq, int total, int free) {
    return String.format("{\"seq\":%d,\"ts\":%d,\"total\":%d,\"free\":%d}", seq, System.currentTimeMillis(), total,
        free).getBytes(StandardCharsets.UTF_8);
  }

  private JsonObject send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError(request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + path);
  }

  /** Stops the server as SIGTERM does (Main's shutdown hook), keeping the database; blocks until it is down. */
  void stopServer() {
    Server stopping = server;
    stopping.close();
    server = null;
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      if (ownsDatabase) {
        db.close();
      }
    }
  }
}
