package dev.smartparking.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.db.SchemaMigrator;
import dev.smartparking.health.ReadinessCheck;
import dev.smartparking.testkit.ClassFixture;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TcpProxy;
import dev.smartparking.testkit.TestKeys;
import dev.smartparking.testkit.TestPostgres;
import dev.smartparking.testkit.Eventually;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A migrated fresh database with a two-lot city, and the ingest server on an ephemeral MQTT
 * port, for one test class: {@code @RegisterExtension static final IngestFixture fixture =
 * IngestFixture.standard();}. Tests talk to it with the HiveMQ client over real sockets and
 * assert with SQL.
 */
public final class IngestFixture extends ClassFixture {

  public static final String GW1 = "gw-1";
  public static final String GW1_SECRET = "gw-1-secret-0123456789";
  public static final String GW2 = "gw-2";
  public static final String GW2_SECRET = "gw-2-secret-0123456789";

  /**
   * The running ingest's meters; a restart ({@link #startIngest()}) brings new ones, as a registry
   * keeps the gauges of the first ingest registered in it.
   */
  public volatile SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** The meters of every ingest running, this fixture's and {@link #startAnotherIngest()}'s. */
  private final List<SimpleMeterRegistry> everyIngestsMeters = new CopyOnWriteArrayList<>(List.of(meters));
  private TestDatabase db;
  private ServerConfig config;
  private Vertx vertx;
  private Ingest ingest;
  /** An ingest was started on {@link #meters} already, running or stopped since. */
  private boolean started;
  private final boolean proxied;
  private final Map<String, String> overrides = new LinkedHashMap<>();
  private TcpProxy proxy;

  private IngestFixture(boolean proxied) {
    this.proxied = proxied;
  }

  /** Ingest of the two-lot city of {@link #GW1} and {@link #GW2}. */
  public static IngestFixture standard() {
    return new IngestFixture(false);
  }

  /** The same, with ingest reaching PostgreSQL through a {@link TcpProxy} the test can cut. */
  public static IngestFixture throughProxy() {
    return new IngestFixture(true);
  }

  @Override
  protected void start() {
    db = closeAfterAll(TestPostgres.freshDatabase());
    ConfigLoader settings = ConfigLoader.defaults().setAll(db.serverSettings());
    if (proxied) {
      proxy = closeAfterAll(TcpProxy.to(db.host(), db.port()));
      settings.set("db.host", "127.0.0.1").set("db.port", Integer.toString(proxy.port()));
    }
    config = settings
        .set("mqtt.host", "127.0.0.1")
        .set("mqtt.port", "0")
        .set("mqtt.tls-port", "0")
        .set("http.enabled", "false")
        .set("ingest.plate-key", TestKeys.plateKey())
        .setAll(overrides)
        .build();
    SchemaMigrator.migrate(config.database());
    vertx = Vertx.vertx();
    closeAfterAll(() -> vertx.close().await());
    importCatalogue(city());
    startIngest();
    closeAfterAll(() -> {
      if (ingest != null) {
        ingest.close().await();
      }
    });
  }

  /** The fixture's Vert.x, for tests that drive a part of ingest themselves. */
  public Vertx vertx() {
    requireStarted();
    return vertx;
  }

  /** The test class's database, for assertions. */
  public TestDatabase db() {
    requireStarted();
    return db;
  }

  /** This fixture with one server setting (a README configuration key) changed. */
  public IngestFixture with(String key, String value) {
    overrides.put(key, value);
    return this;
  }

  /** The proxy between ingest and PostgreSQL; only for {@link #throughProxy()}. */
  public TcpProxy storageProxy() {
    requireStarted();
    if (proxy == null) {
      throw new IllegalStateException("this fixture was made without a proxy: use IngestFixture.throughProxy()");
    }
    return proxy;
  }

  public ServerConfig config() {
    requireStarted();
    return config;
  }

  static Catalogue city() {
    return new Catalogue(
        List.of(new Catalogue.District("410802", "解放区")),
        List.of(),
        List.of(lot("L-1", 420), lot("L-2", 100)),
        List.of(),
        List.of(device(GW1, "L-1", GW1_SECRET), device(GW2, "L-2", GW2_SECRET)));
  }

  static Catalogue.Lot lot(String id, int capacity) {
    return new Catalogue.Lot(id, "lot " + id, "410802", 35.24, 113.24, capacity, "status", "commercial", List.of());
  }

  static Catalogue.Device device(String id, String lot, String secret) {
    return new Catalogue.Device(id, "lot_gateway", List.of(lot), List.of(), secret, false);
  }

  /**
   * Imports {@code catalogue} and returns once every running ingest has started reading the
   * registry again on its notification: from then on they answer by what it registered.
   */
  public void importCatalogue(Catalogue catalogue) {
    requireStarted();
    Map<SimpleMeterRegistry, Double> reloads = new LinkedHashMap<>();
    boolean running = ingest != null;
    everyIngestsMeters.forEach(m -> reloads.put(m, deviceReloads(m)));
    Pool pool = PgClients.pool(vertx, config.database(), "test-import", 1);
    boolean changed;
    try {
      changed = new CatalogueImport(pool).apply(catalogue).await().changed();
    } finally {
      pool.close().await();
    }
    // An import that changed nothing tells no process: there is no reload to wait for.
    if (running && changed) {
      Eventually.within(Duration.ofSeconds(10), "every ingest reads the registry after the import",
          () -> reloads.entrySet().stream().allMatch(e -> deviceReloads(e.getKey()) > e.getValue()));
    }
  }

  private static double deviceReloads(SimpleMeterRegistry meters) {
    Counter reloads = meters.find("smartparking.ingest.registry.queries").tag("registry", "devices")
        .tag("query", "reload").counter();
    return reloads == null ? 0 : reloads.count();
  }

  public void startIngest() {
    if (started) {
      // after a stop too: the stopped ingest's gauges stay registered and would hide the new ones'
      everyIngestsMeters.remove(meters);
      meters = new SimpleMeterRegistry();
      everyIngestsMeters.add(meters);
    }
    ingest = Ingest.start(vertx, config, meters).await();
    started = true;
  }

  public void stopIngest() {
    ingest.close().await();
    ingest = null;
  }

  /**
   * One more ingest on the same database, as a second server process runs it: its own Vert.x,
   * pools, writers, meters and MQTT port; stopped after the class.
   */
  public Ingest startAnotherIngest() {
    requireStarted();
    Vertx own = Vertx.vertx();
    closeAfterAll(() -> own.close().await());
    SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
    Ingest another = Ingest.start(own, config, ownMeters).await();
    everyIngestsMeters.add(ownMeters);
    closeAfterAll(() -> {
      everyIngestsMeters.remove(ownMeters);
      another.close().await();
    });
    return another;
  }

  public int port() {
    return ingest.mqttPort();
  }

  /** The running ingest's readiness, as {@code /health/ready} reports it under {@code checks.ingest}. */
  public ReadinessCheck readiness() {
    return ingest.readiness();
  }

  /** The MQTT over TLS port, when the test set tls.cert-file and tls.key-file. */
  public int tlsPort() {
    return ingest.mqttTlsPort();
  }

  /**
   * Event, rejection and alarm tables emptied, every bay and cover back to unknown (their state
   * rows exist from registration), the registry kept.
   */
  public void clearMessages() {
    db.execute("TRUNCATE lot_status_events, lot_passage_events, bay_events, cover_telemetry_events, "
        + "lot_state, rejected_messages, alarm_deliveries, cover_alarm_events, cover_alarms");
    db.execute("UPDATE bay_state SET occupied = NULL, observed_at = NULL, last_seen_at = NULL");
    db.execute("UPDATE cover_state SET tilt_deg = NULL, open = NULL, water_level_cm = NULL, gas_ppm = NULL, "
        + "battery_pct = NULL, rssi_dbm = NULL, tilt_observed_at = NULL, open_observed_at = NULL, "
        + "water_level_observed_at = NULL, gas_observed_at = NULL, battery_observed_at = NULL, "
        + "rssi_observed_at = NULL, observed_at = NULL, last_seen_at = NULL");
  }

  public Mqtt5BlockingClient connect5(String device, String secret) {
    return connect5(port(), device, secret);
  }

  /** A device connected over MQTT 5 to the ingest on {@code port}, this fixture's or {@link #startAnotherIngest()}'s. */
  public Mqtt5BlockingClient connect5(int port, String device, String secret) {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(device)
        .serverHost("127.0.0.1").serverPort(port).buildBlocking();
    client.connectWith().simpleAuth().username(device).password(secret.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    return client;
  }

  public Mqtt3BlockingClient connect3(String device, String secret) {
    Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier(device)
        .serverHost("127.0.0.1").serverPort(port()).buildBlocking();
    client.connectWith().simpleAuth().username(device).password(secret.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    return client;
  }

  public static byte[] status(long seq, long ts, int total, int free) {
    return String.format("{\"seq\":%d,\"ts\":%d,\"total\":%d,\"free\":%d}", seq, ts, total, free)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A gauge of the ingest meters, e.g. {@code smartparking.mqtt.connections.paused}. */
  public double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  /** smartparking_cover_alarm_events_total of this fixture's ingest, {@code event} raised or cleared. */
  public double coverAlarmEvents(String event, String type) {
    return meters.get("smartparking.cover.alarm.events").tag("event", event).tag("type", type).counter().count();
  }

  public double messages(Outcome outcome) {
    return meters.get("smartparking.ingest.messages").tag("outcome", outcome.tag()).counter().count();
  }
}
