package dev.smartparking.ingest.mqtt;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.budget.FailedConnects;
import dev.smartparking.ingest.budget.RejectBudget;
import dev.smartparking.ingest.decode.PlateHasher;
import dev.smartparking.ingest.registry.Registries;
import dev.smartparking.tls.ServerTls;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys one {@link MqttListener} per configured instance, all on the same ports (plain TCP, TLS),
 * and undeploys them; holds what they share across event loops: the device sessions, the reject
 * budget, the failed-login budget per address and the TLS certificate.
 */
public final class MqttListeners {

  private static final Logger LOG = LoggerFactory.getLogger(MqttListeners.class);
  /**
   * Vert.x binds a negative port as one random port shared by every instance with the same
   * negative number; 0 would give each its own.
   */
  private static final int SHARED_RANDOM_PORT = -1;
  private static final int SHARED_RANDOM_TLS_PORT = -2;
  /** Source addresses whose refused logins are remembered at most: bounded whatever a flood's spread. */
  private static final int MAX_FAILED_CONNECT_ADDRESSES = 100_000;
  /** The budget's window: a device silent for that long has nothing left to remember. */
  private static final long FORGET_IDLE_DEVICES_MS = 60_000;

  private final Vertx vertx;
  private final String deployment;
  private final int port;
  private final int tlsPort;
  private final ServerTls tls;
  private final long forgetTimer;
  private final List<MqttListener> listeners;
  private volatile boolean stopping;

  private MqttListeners(Vertx vertx, String deployment, int port, int tlsPort, ServerTls tls, long forgetTimer,
      List<MqttListener> listeners) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.tlsPort = tlsPort;
    this.tls = tls;
    this.forgetTimer = forgetTimer;
    this.listeners = listeners;
  }

  public static Future<MqttListeners> deploy(Vertx vertx, ServerConfig config, Registries registries,
      Sessions sessions, PlateHasher plates, IngestMetrics metrics, MeterRegistry meters) {
    FailedConnects failedConnects = new FailedConnects(config.ingest().failedConnectsPerMinute(),
        MAX_FAILED_CONNECT_ADDRESSES, System::nanoTime);
    RejectBudget rejectBudget = new RejectBudget(config.ingest().rejectBudgetPerMinute(),
        config.ingest().rejectCooldown(), System::nanoTime);
    OptionalInt port = switch (config.mqtt().port()) {
      case ServerConfig.PORT_OFF -> OptionalInt.empty();
      case 0 -> OptionalInt.of(SHARED_RANDOM_PORT);
      default -> OptionalInt.of(config.mqtt().port());
    };
    int tlsPort = config.mqtt().tlsPort() == 0 ? SHARED_RANDOM_TLS_PORT : config.mqtt().tlsPort();
    if (config.mqtt().tlsPort() != ServerConfig.PORT_OFF && !config.tls().configured()) {
      LOG.warn("MQTT over TLS is off: no certificate (set tls.cert-file and tls.key-file, or mqtt.tls-port=-1 "
          + "to silence this); devices' secrets travel in clear text on port {}", config.mqtt().port());
    }
    Future<ServerTls> tls = config.mqttTls()
        ? ServerTls.start(vertx, config.tls(), meters, "mqtt") : Future.succeededFuture();
    List<MqttListener> listeners = new CopyOnWriteArrayList<>();
    return tls.compose(certificate -> vertx.deployVerticle(() -> {
              MqttListener listener = new MqttListener(config, port, tlsPort, certificate, registries, plates,
                  sessions, rejectBudget, failedConnects, metrics);
              listeners.add(listener);
              return listener;
            }, new DeploymentOptions().setInstances(config.mqtt().instances()))
            .onFailure(e -> closeIfAny(certificate))
            .map(id -> new MqttListeners(vertx, id, listeners.get(0).actualPort(), listeners.get(0).actualTlsPort(),
                certificate, vertx.setPeriodic(FORGET_IDLE_DEVICES_MS, timer -> rejectBudget.forgetIdle()),
                List.copyOf(listeners))));
  }

  /** The bound plain TCP port, or {@link ServerConfig#PORT_OFF}. */
  public int port() {
    return port;
  }

  /** The bound TLS port, or {@link ServerConfig#PORT_OFF}. */
  public int tlsPort() {
    return tlsPort;
  }

  /** True from the moment the listeners begin to drain for a stop: the process is no longer ready. */
  public boolean stopping() {
    return stopping;
  }

  /** Drains every listener's connections within {@code shutdown.grace}, then stops them; logs what the drain did. */
  public Future<Void> undeploy() {
    stopping = true;
    long started = System.nanoTime();
    vertx.cancelTimer(forgetTimer);
    return vertx.undeploy(deployment).andThen(stopped -> {
      closeIfAny(tls);
      DrainReport drained = listeners.stream().map(MqttListener::drained).filter(r -> r != null)
          .reduce(DrainReport.NONE, DrainReport::plus);
      LOG.info("Shutdown: {} connections closed in {} ms; {} messages committed and {} acknowledged while draining, "
              + "{} left unacknowledged (their devices send them again)", drained.connections(),
          (System.nanoTime() - started) / 1_000_000, drained.committed(), drained.acknowledged(),
          drained.unacknowledged());
    });
  }

  private static void closeIfAny(ServerTls tls) {
    if (tls != null) {
      tls.close();
    }
  }
}
