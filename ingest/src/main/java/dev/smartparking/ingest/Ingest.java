package dev.smartparking.ingest;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.health.ReadinessCheck;
import dev.smartparking.ingest.mqtt.MqttListener;
import dev.smartparking.ingest.mqtt.MqttListeners;
import dev.smartparking.ingest.decode.PlateHasher;
import dev.smartparking.ingest.decode.PlateKey;
import dev.smartparking.ingest.mqtt.PersistentSessions;
import dev.smartparking.ingest.mqtt.SessionAnnouncements;
import dev.smartparking.ingest.mqtt.Sessions;
import dev.smartparking.ingest.registry.CoverRegistry;
import dev.smartparking.ingest.registry.DeviceRegistry;
import dev.smartparking.ingest.registry.LotRegistry;
import dev.smartparking.ingest.registry.Registries;
import dev.smartparking.ingest.registry.RegistryChanges;
import dev.smartparking.ingest.retention.Retention;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/** The ingest side of the server: registry cache, partitions and their retention, and the MQTT listeners, started and stopped together. */
public final class Ingest {

  private static final int MAX_CACHED_DEVICES = 2_000_000;
  private static final int MAX_CACHED_LOTS = 1_000_000;
  private static final int MAX_CACHED_COVERS = 1_000_000;
  private static final int REGISTRY_POOL_SIZE = 4;

  private final Pool registryPool;
  private final RegistryChanges changes;
  private final SessionAnnouncements announcements;
  private final MqttListeners listeners;
  private final Retention retention;
  private final ReadinessCheck readiness;

  private Ingest(Pool registryPool, RegistryChanges changes, SessionAnnouncements announcements,
      MqttListeners listeners, Retention retention, ReadinessCheck readiness) {
    this.registryPool = registryPool;
    this.changes = changes;
    this.announcements = announcements;
    this.listeners = listeners;
    this.retention = retention;
    this.readiness = readiness;
  }

  /** The schema must already be migrated. */
  public static Future<Ingest> start(Vertx vertx, ServerConfig config, MeterRegistry meters) {
    Pool registryPool = PgClients.pool(vertx, config.database(), "ingest-registry", REGISTRY_POOL_SIZE);
    IngestMetrics metrics = new IngestMetrics(meters);
    Registries registries = new Registries(
        new DeviceRegistry(registryPool, MAX_CACHED_DEVICES, metrics.registryQueries("devices")),
        new LotRegistry(registryPool, MAX_CACHED_LOTS, metrics.registryQueries("lots")),
        new CoverRegistry(registryPool, MAX_CACHED_COVERS, metrics.registryQueries("covers")));
    PlateHasher plates = new PlateHasher(PlateKey.from(config.ingest().plateKey()));
    Promise<Void> firstRead = Promise.promise();
    // Partitions first: there is no default partition to take a row whose day has none.
    // Following changes comes next: its first subscription reads both registries whole, so no
    // registration between that read and LISTEN is missed, and nothing is read twice. Announcements
    // listen before the first CONNECT, so no session accepted here misses its own announcement.
    PgConnectOptions connectOptions = PgClients.connectOptions(config.database());
    return Retention.start(vertx, config, meters)
        .compose(retention -> RegistryChanges.follow(vertx, connectOptions, () -> readRegistries(registries, firstRead))
            .compose(changes -> firstRead.future().map(changes))
            .compose(changes -> SessionAnnouncements.start(vertx, connectOptions, registryPool)
                .map(announcements -> new Followed(retention, changes, announcements))))
        .compose(followed -> MqttListeners.deploy(vertx, config, registries,
                new Sessions(registries.devices(), followed.announcements(),
                    new PersistentSessions(vertx, registryPool, config.mqtt().sessionExpiryMax())), plates, metrics, meters)
            .map(listeners -> {
              followed.retention().schedule();
              return new Ingest(registryPool, followed.changes(), followed.announcements(), listeners,
                  followed.retention(), new IngestReadiness(metrics, listeners::stopping));
            }));
  }

  /** What runs before the listeners are deployed. */
  private record Followed(Retention retention, RegistryChanges changes, SessionAnnouncements announcements) {}

  /** Reads the registries whole again; the first read completes {@code first}, later ones run on their own. */
  private static void readRegistries(Registries registries, Promise<Void> first) {
    Future.all(registries.devices().reload(), registries.lots().reload(), registries.covers().reload())
        .onComplete((read, failure) -> {
          if (failure == null) {
            first.tryComplete();
          } else {
            first.tryFail(failure);
          }
        });
  }

  /** Not ready while storage is unreachable or behind, for a health endpoint in the same process. */
  public ReadinessCheck readiness() {
    return readiness;
  }

  /** The bound plain TCP MQTT port, or -1 when plain TCP is off. */
  public int mqttPort() {
    return listeners.port();
  }

  /** The bound MQTT over TLS port, or -1 when TLS is off. */
  public int mqttTlsPort() {
    return listeners.tlsPort();
  }

  /**
   * Drains the devices first (readiness answers 503 from its first moment), within
   * {@code shutdown.grace}; then the rest.
   */
  public Future<Void> close() {
    return listeners.undeploy()
        .eventually(retention::close)
        .eventually(changes::close)
        .eventually(announcements::close)
        .eventually(registryPool::close);
  }
}
