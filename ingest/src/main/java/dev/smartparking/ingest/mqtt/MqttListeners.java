package dev.smartparking.ingest.mqtt;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.budget.FailedConnects;
import dev.smartparking.ingest.budget.RejectBudget;
import dev.smartparking.ingest.decode.PlateHasher;
import dev.smartparking.ingest.registry.Registries;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys one {@link MqttListener} per configured instance, all on one port, and undeploys them;
 * holds what they share across event loops: the device sessions, the reject budget and the
 * failed-login budget per address.
 */
public final class MqttListeners {

  private static final Logger LOG = LoggerFactory.getLogger(MqttListeners.class);
  /** Vert.x binds a negative port as one random port shared by every instance; 0 would give each its own. */
  private static final int SHARED_RANDOM_PORT = -1;
  /** Source addresses whose refused logins are remembered at most: bounded whatever a flood's spread. */
  private static final int MAX_FAILED_CONNECT_ADDRESSES = 100_000;
  /** The budget's window: a device silent for that long has nothing left to remember. */
  private static final long FORGET_IDLE_DEVICES_MS = 60_000;

  private final Vertx vertx;
  private final String deployment;
  private final int port;
  private final long forgetTimer;
  private final List<MqttListener> listeners;
  private volatile boolean stopping;

  private MqttListeners(Vertx vertx, String deployment, int port, long forgetTimer, List<MqttListener> listeners) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.forgetTimer = forgetTimer;
    this.listeners = listeners;
  }

  public static Future<MqttListeners> deploy(Vertx vertx, ServerConfig config, Registries registries,
      Sessions sessions, PlateHasher plates, IngestMetrics metrics) {
    FailedConnects failedConnects = new FailedConnects(config.ingest().failedConnectsPerMinute(),
        MAX_FAILED_CONNECT_ADDRESSES, System::nanoTime);
    RejectBudget rejectBudget = new RejectBudget(config.ingest().rejectBudgetPerMinute(),
        config.ingest().rejectCooldown(), System::nanoTime);
    int port = config.mqtt().port() == 0 ? SHARED_RANDOM_PORT : config.mqtt().port();
    List<MqttListener> listeners = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          MqttListener listener = new MqttListener(config, port, registries, plates, sessions, rejectBudget,
              failedConnects, metrics);
          listeners.add(listener);
          return listener;
        }, new DeploymentOptions().setInstances(config.mqtt().instances()))
        .map(id -> new MqttListeners(vertx, id, listeners.get(0).actualPort(),
            vertx.setPeriodic(FORGET_IDLE_DEVICES_MS, timer -> rejectBudget.forgetIdle()), List.copyOf(listeners)));
  }

  public int port() {
    return port;
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
      DrainReport drained = listeners.stream().map(MqttListener::drained).filter(r -> r != null)
          .reduce(DrainReport.NONE, DrainReport::plus);
      LOG.info("Shutdown: {} connections closed in {} ms; {} messages committed and {} acknowledged while draining, "
              + "{} left unacknowledged (their devices send them again)", drained.connections(),
          (System.nanoTime() - started) / 1_000_000, drained.committed(), drained.acknowledged(),
          drained.unacknowledged());
    });
  }
}
