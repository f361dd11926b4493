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

/**
 * Deploys one {@link MqttListener} per configured instance, all on one port, and undeploys them;
 * holds what they share across event loops: the device sessions, the reject budget and the
 * failed-login budget per address.
 */
public final class MqttListeners {

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

  private MqttListeners(Vertx vertx, String deployment, int port, long forgetTimer) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
    this.forgetTimer = forgetTimer;
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
            vertx.setPeriodic(FORGET_IDLE_DEVICES_MS, timer -> rejectBudget.forgetIdle())));
  }

  public int port() {
    return port;
  }

  public Future<Void> undeploy() {
    vertx.cancelTimer(forgetTimer);
    return vertx.undeploy(deployment);
  }
}
