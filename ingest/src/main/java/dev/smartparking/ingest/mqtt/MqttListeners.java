package dev.smartparking.ingest.mqtt;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.registry.DeviceRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** Deploys one {@link MqttListener} per configured instance on a single port, and undeploys them. */
public final class MqttListeners {

  private final Vertx vertx;
  private final List<String> deployments;
  private final int port;

  private MqttListeners(Vertx vertx, List<String> deployments, int port) {
    this.vertx = vertx;
    this.deployments = deployments;
    this.port = port;
  }

  /**
   * The first instance binds the configured port (0: any free one); the others then bind the
   * port it got, so an ephemeral port in tests is still one port shared by all event loops.
   */
  public static Future<MqttListeners> deploy(Vertx vertx, ServerConfig config, DeviceRegistry registry,
      IngestMetrics metrics) {
    Sessions sessions = new Sessions();
    MqttListener first = new MqttListener(config, config.mqtt().port(), registry, sessions, metrics);
    List<String> deployments = new ArrayList<>();
    return vertx.deployVerticle(first)
        .compose(id -> {
          deployments.add(id);
          int others = config.mqtt().instances() - 1;
          if (others == 0) {
            return Future.succeededFuture(first.actualPort());
          }
          return vertx.deployVerticle(() -> new MqttListener(config, first.actualPort(), registry, sessions, metrics),
                  new DeploymentOptions().setInstances(others))
              .map(otherId -> {
                deployments.add(otherId);
                return first.actualPort();
              });
        })
        .map(port -> new MqttListeners(vertx, deployments, port));
  }

  public int port() {
    return port;
  }

  public Future<Void> undeploy() {
    Future<Void> chain = Future.succeededFuture();
    for (String id : deployments) {
      chain = chain.eventually(() -> vertx.undeploy(id));
    }
    return chain;
  }
}
