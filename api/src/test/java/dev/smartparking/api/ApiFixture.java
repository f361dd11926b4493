package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.cover.stream.AlarmStreamSettings;
import dev.smartparking.api.push.PushSettings;
import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.SchemaMigrator;
import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import dev.smartparking.testkit.ClassFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TcpProxy;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A fresh database and the API on an ephemeral port for one test class, called over real HTTP
 * with {@link HttpClient}: {@code @RegisterExtension static final ApiFixture api = ApiFixture.standard();}.
 * It starts before the class's {@code @BeforeAll} methods, which may seed state with SQL through
 * {@link #db()} or through the admin endpoint, and stops after its {@code @AfterAll} ones.
 */
final class ApiFixture extends ClassFixture {

  static final String READER_TOKEN = "reader-token-of-the-api-tests-0001";
  static final String OPERATOR_TOKEN = "operator-token-of-the-api-tests-01";
  static final String ADMIN_TOKEN = "admin-token-of-the-api-tests-00001";
  /** Shorter than the default, so tests show the configured value is the one applied. */
  static final Duration OFFLINE_AFTER = Duration.ofMinutes(10);
  /** How long {@link #await} gives the view to reflect a change: generous, for a loaded machine. */
  static final Duration CATCH_UP = Duration.ofSeconds(10);

  final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final boolean migrate;
  private final UnaryOperator<ConfigLoader> customize;
  private final Clock clock;
  private final AlarmStreamSettings alarmStream;
  private final PushSettings push;
  private final boolean proxied;
  private TcpProxy proxy;
  // HTTP/1.1: the JDK client's h2c upgrade of a large answer (the contract) sometimes broke off in a
  // clean-clone CI run ("Frame type(116) ... exceeds MAX_FRAME_SIZE"); the server module's fixture does the same.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Set<String> partitions = new HashSet<>();
  private TestDatabase db;
  private Api api;
  private ServerConfig config;
  private Vertx vertx;

  private ApiFixture(boolean migrate, UnaryOperator<ConfigLoader> customize, Clock clock,
      AlarmStreamSettings alarmStream) {
    this(migrate, customize, clock, alarmStream, PushSettings.DEFAULT, false);
  }

  private ApiFixture(boolean migrate, UnaryOperator<ConfigLoader> customize, Clock clock,
      AlarmStreamSettings alarmStream, PushSettings push, boolean proxied) {
    this.migrate = migrate;
    this.customize = customize;
    this.clock = clock;
    this.alarmStream = alarmStream;
    this.push = push;
    this.proxied = proxied;
  }

  /** The API on a migrated, empty database that it reaches through a {@link TcpProxy} the test can cut. */
  static ApiFixture throughProxy() {
    return new ApiFixture(true, UnaryOperator.identity(), Clock.systemUTC(), AlarmStreamSettings.DEFAULT,
        PushSettings.DEFAULT, true);
  }

  /** The API on a migrated, empty database. */
  static ApiFixture standard() {
    return new ApiFixture(true, UnaryOperator.identity(), Clock.systemUTC(), AlarmStreamSettings.DEFAULT);
  }

  /** The API on a migrated, empty database; {@code customize} may change any option after the fixture's own. */
  static ApiFixture configured(UnaryOperator<ConfigLoader> customize) {
    return new ApiFixture(true, customize, Clock.systemUTC(), AlarmStreamSettings.DEFAULT);
  }

  /** The API on a migrated, empty database, judging when lots go offline by {@code clock}. */
  static ApiFixture withClock(Clock clock) {
    return new ApiFixture(true, UnaryOperator.identity(), clock, AlarmStreamSettings.DEFAULT);
  }

  /** The API on a migrated, empty database, its alarm stream set up as {@code settings} say. */
  static ApiFixture withAlarmStream(AlarmStreamSettings settings) {
    return new ApiFixture(true, UnaryOperator.identity(), Clock.systemUTC(), settings);
  }

  /** The API on a migrated, empty database, its pushed availability and lot streams set up as {@code settings} say. */
  static ApiFixture withPush(PushSettings settings) {
    return new ApiFixture(true, UnaryOperator.identity(), Clock.systemUTC(), AlarmStreamSettings.DEFAULT, settings,
        false);
  }

  /**
   * The API on a database left unmigrated; {@code customize} may change any option after the
   * fixture's own.
   */
  static ApiFixture unmigrated(UnaryOperator<ConfigLoader> customize) {
    return new ApiFixture(false, customize, Clock.systemUTC(), AlarmStreamSettings.DEFAULT);
  }

  /** The API configured with a database port nothing listens on. */
  static ApiFixture storageDown() {
    return unmigrated(config -> config.set("db.port", Integer.toString(closedPort())));
  }

  @Override
  protected void start() {
    db = closeAfterAll(TestPostgres.freshDatabase());
    ConfigLoader loader = ConfigLoader.defaults()
        .setAll(db.serverSettings())
        .set("db.pool-size", "2")
        .set("mqtt.enabled", "false")
        .set("http.host", "127.0.0.1")
        .set("http.port", "0")
        .set("http.reader-token", READER_TOKEN)
        .set("http.operator-token", OPERATOR_TOKEN)
        .set("http.admin-token", ADMIN_TOKEN)
        .set("lots.offline-after", OFFLINE_AFTER.toString());
    if (migrate) {
      SchemaMigrator.migrate(loader.build().database());
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      // Rows seeded at now() (and up to two days back): ingest would have made these partitions.
      partitionsFor(today.minusDays(2).toString(), today.minusDays(1).toString(), today.toString(),
          today.plusDays(1).toString());
    }
    if (proxied) {
      proxy = closeAfterAll(TcpProxy.to(db.host(), db.port()));
      loader.set("db.host", "127.0.0.1").set("db.port", Integer.toString(proxy.port()));
    }
    config = customize.apply(loader).build();
    vertx = Vertx.vertx();
    Vertx started = vertx;
    closeAfterAll(() -> started.close().await());
    api = Api.start(vertx, config, meters, clock, alarmStream, push, List.of()).await();
    closeAfterAll(() -> api.close().await());
  }

  /**
   * A second API process on the same database and configuration (its own pool, listeners and
   * meters), closed after the class; for what must hold across processes.
   */
  Api anotherApi() {
    requireStarted();
    Api another = Api.start(vertx, config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock,
        alarmStream, push, List.of()).await();
    closeAfterAll(() -> another.close().await());
    return another;
  }

  /** The API's routes, to compare with the OpenAPI document. */
  Router router() {
    requireStarted();
    return api.router();
  }

  /** The port the API listens on, for clients other than {@link HttpClient}. */
  int port() {
    requireStarted();
    return api.port();
  }

  /**
   * The partitions of every time-partitioned table that hold these days ({@code 2026-03-01}), for
   * rows a test seeds with SQL: the tables have no default partition (V11), and here no ingest
   * makes them.
   */
  void partitionsFor(String... days) {
    for (String day : days) {
      for (PartitionedTable table : PartitionedTable.values()) {
        LocalDate start = table.span().start(LocalDate.parse(day));
        if (partitions.add(table.partitionName(start))) {
          db.execute(TimePartitions.creation(table, start));
        }
      }
    }
  }

  /** The proxy between the API and PostgreSQL; only for {@link #throughProxy()}. */
  TcpProxy storageProxy() {
    requireStarted();
    if (proxy == null) {
      throw new IllegalStateException("this fixture was made without a proxy: use ApiFixture.throughProxy()");
    }
    return proxy;
  }

  /** The test class's database, for seeding and for assertions. */
  TestDatabase db() {
    requireStarted();
    return db;
  }

  /** A local port nothing listens on: bound, then released. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET());
  }

  HttpResponse<String> get(String path) {
    return get(path, null);
  }

  /**
   * Reads {@code path} as a reader until it answers 200 with a body that {@code reflects} the
   * change a test just made in the database (the view follows by notification, so not at once),
   * and returns that body.
   */
  JsonObject await(String path, Predicate<JsonObject> reflects) {
    return new JsonObject(awaitAnswer(path,
        response -> response.statusCode() == 200 && reflects.test(new JsonObject(response.body()))).body());
  }

  /**
   * Reads {@code path} as a reader until the answer is {@code wanted}, and returns it. Fails after
   * {@link #CATCH_UP}: not a speed check, a deadline.
   */
  HttpResponse<String> awaitAnswer(String path, Predicate<HttpResponse<String>> wanted) {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    Eventually.within(CATCH_UP, () -> path + " still answers " + last.get().statusCode() + ": " + last.get().body(),
        () -> wanted.test(last.updateAndGet(previous -> get(path, READER_TOKEN))));
    return last.get();
  }

  /** Issues a token as the admin ({@code POST /api/v1/admin/tokens}); the 201 answer, token included. */
  JsonObject issueToken(JsonObject request) {
    HttpResponse<String> response = post("/api/v1/admin/tokens", ADMIN_TOKEN, request.encode());
    assertThat(response.statusCode()).as("issuing %s: %s", request, response.body()).isEqualTo(201);
    return json(response);
  }

  HttpResponse<String> delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  HttpResponse<String> post(String path, String token, String body) {
    return send(request(path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String token) {
    requireStarted();
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  // ---- seeding, straight into the tables ----

  void district(String code, String name) {
    db().execute("INSERT INTO districts (code, name) VALUES ('%s', '%s')".formatted(code, name));
  }

  void lot(String id, String district, int capacity) {
    lot(id, district, capacity, 35.24, 113.24);
  }

  /** A registered lot, once the API shows it: lots are answered from memory, which follows the registry. */
  void lot(String id, String district, int capacity, double lat, double lon) {
    db().execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        VALUES ('%s', 'Lot %s', '%s', %s, %s, %d, 'status', 'commercial')"""
        .formatted(id, id, district, lat, lon, capacity));
    await("/api/v1/lots/" + id, lot -> true);
  }

  /** The lot's first snapshot, observed one minute before it was last seen, once the API shows it. */
  void state(String lotId, int total, int free, boolean closed, Duration lastSeenAgo) {
    db().execute("""
        INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
        VALUES ('%s', %d, %d, %s, now() - interval '%d seconds' - interval '1 minute',
                now() - interval '%d seconds')"""
        .formatted(lotId, total, free, closed, lastSeenAgo.toSeconds(), lastSeenAgo.toSeconds()));
    await("/api/v1/lots/" + lotId, lot -> lot.getValue("last_seen_at") != null);
  }

  // ---- assertions on answers ----

  static JsonObject json(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return new JsonObject(response.body());
  }

  /** An error as API.md wants it: the status, JSON with code and message, and no stack trace. */
  static JsonObject assertError(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
    assertNoStackTrace(response);
    JsonObject body = json(response);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
    return body;
  }

  static void assertNoStackTrace(HttpResponse<String> response) {
    assertThat(response.body()).doesNotContain("at dev.", "at io.", "at java.", "Exception");
  }
}
