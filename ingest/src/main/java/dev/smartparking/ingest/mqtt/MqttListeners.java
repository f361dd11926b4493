package dev.smartparking.ingest.mqtt;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.decode.PlateHasher;
import dev.smartparking.ingest.registry.Registries;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deploys one {@link MqttListener} per configured instance, all on one port, and undeploys them. */
public final class MqttListeners {

  /** Vert.x binds a negative port as one random port shared by every instance; 0 would give each its own. */
  private static final int SHARED_RANDOM_PORT = -1;

  private final Vertx vertx;
  private final String deployment;
  private final int port;

  private MqttListeners(Vertx vertx, String deployment, int port) {
    this.vertx = vertx;
    this.deployment = deployment;
    this.port = port;
  }

  public static Future<MqttListeners> deploy(Vertx vertx, ServerConfig config, Registries registries,
      PlateHasher plates, IngestMetrics metrics) {
    Sessions sessions = new Sessions();
    int port = config.mqtt().port() == 0 ? SHARED_RANDOM_PORT : config.mqtt().port();
    List<MqttListener> listeners = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          MqttListener listener = new MqttListener(config, port, registries, plates, sessions, metrics);
          listeners.add(listener);
          return listener;
        }, new DeploymentOptions().setInstances(config.mqtt().instances()))
        .map(id -> new MqttListeners(vertx, id, listeners.get(0).actualPort()));
  }

  public int port() {
    return port;
  }

  public Future<Void> undeploy() {
    return vertx.undeploy(deployment);
  }
}
