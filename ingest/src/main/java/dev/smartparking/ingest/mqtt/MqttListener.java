package dev.smartparking.ingest.mqtt;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.budget.FailedConnects;
import dev.smartparking.ingest.budget.RejectBudget;
import dev.smartparking.ingest.registry.Authorizer;
import dev.smartparking.ingest.decode.ClockRule;
import dev.smartparking.ingest.decode.PlateHasher;
import dev.smartparking.ingest.registry.Device;
import dev.smartparking.ingest.registry.Registries;
import dev.smartparking.ingest.store.BatchWriter;
import dev.smartparking.ingest.store.WriterPool;
import dev.smartparking.tls.ServerTls;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's share of the MQTT port: its own server instance, its own batch writer and
 * writer connections, so the connections it serves never hand work to another thread.
 */
public final class MqttListener extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttListener.class);
  /** Room for the fixed header, topic and MQTT 5 properties around the largest payload. */
  private static final int PACKET_OVERHEAD_BYTES = 1024;
  private static final int QUEUED_BATCHES_HIGH = 4;
  /** A socket that has not sent its CONNECT within this is closed: idle sockets are not held open. */
  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  /**
   * The most a stop waits for devices told DISCONNECT to close, and again for the rest of the
   * server to close after the drain; each at most a fifth of {@code shutdown.grace}.
   */
  private static final long MAX_LEAVE_MS = 1_000;

  private final ServerConfig config;
  private final OptionalInt port;
  private final int tlsPort;
  private final ServerTls tls;
  private final Registries registries;
  private final PlateHasher plates;
  private final Sessions sessions;
  private final RejectBudget rejectBudget;
  private final FailedConnects failedConnects;
  private final IngestMetrics metrics;
  private Pool writerPool;
  private MqttServer server;
  private MqttServer tlsServer;
  private BatchWriter writer;
  private ConnectAuthenticator authenticator;
  private MessageInspector inspector;
  private IntakeThrottle throttle;
  private PendingFlushes flushes;
  private Connections connections;
  private volatile DrainReport drained;

  /**
   * Listens on {@code port} (plain TCP) when there is one, and on {@code tlsPort} with {@code tls}
   * when that is not null; ports as Vert.x binds them (negative: a random port shared by instances).
   */
  public MqttListener(ServerConfig config, OptionalInt port, int tlsPort, ServerTls tls, Registries registries,
      PlateHasher plates, Sessions sessions, RejectBudget rejectBudget, FailedConnects failedConnects,
      IngestMetrics metrics) {
    this.config = config;
    this.port = port;
    this.tlsPort = tlsPort;
    this.tls = tls;
    this.registries = registries;
    this.plates = plates;
    this.sessions = sessions;
    this.rejectBudget = rejectBudget;
    this.failedConnects = failedConnects;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    EndpointSocket.requireSupported();
    SocketWriteQueue.requireSupported();
    ServerConfig.Ingest ingest = config.ingest();
    writerPool = WriterPool.create(vertx, config.database(), ingest);
    writer = new BatchWriter(writerPool, context, ingest.batchMaxMessages(), ingest.writerConnections(), metrics);
    // Four batches waiting is far behind: normal load keeps the queue within one batch.
    throttle = new IntakeThrottle(writer::queued, QUEUED_BATCHES_HIGH * ingest.batchMaxMessages(),
        ingest.batchMaxMessages(), metrics);
    flushes = new PendingFlushes(context);
    connections = new Connections(vertx);
    authenticator = new ConnectAuthenticator(registries.devices(), rejectBudget, failedConnects,
        tls != null && config.tls().mutual());
    inspector = new MessageInspector(new Authorizer(registries.lots(), registries.covers()), registries.lots(),
        new ClockRule(ingest.maxClockAhead(), config.retention().events()), plates);
    if (port.isPresent()) {
      server = listener(options(port.getAsInt()));
    }
    if (tls != null) {
      tlsServer = listener(tls.secure(options(tlsPort)));
    }
    return Future.all(server == null ? Future.succeededFuture() : server.listen(),
        tlsServer == null ? Future.succeededFuture() : tlsServer.listen());
  }

  private MqttServerOptions options(int port) {
    MqttServerOptions options = new MqttServerOptions()
        .setHost(config.mqtt().host())
        .setPort(port)
        .setMaxMessageSize(config.mqtt().maxPayloadBytes() + PACKET_OVERHEAD_BYTES)
        .setTimeoutOnConnect(CONNECT_TIMEOUT_SECONDS);
    options.setTcpNoDelay(true);
    options.setUseProxyProtocol(config.mqtt().proxyProtocol());
    return options;
  }

  private MqttServer listener(MqttServerOptions options) {
    return MqttServer.create(vertx, options)
        .endpointHandler(this::onConnect)
        .exceptionHandler(e -> LOG.debug("MQTT connection error: {}", e.getMessage()));
  }

  /** The bound plain TCP port, or {@link ServerConfig#PORT_OFF}. */
  public int actualPort() {
    return server == null ? ServerConfig.PORT_OFF : server.actualPort();
  }

  /** The bound TLS port, or {@link ServerConfig#PORT_OFF}. */
  public int actualTlsPort() {
    return tlsServer == null ? ServerConfig.PORT_OFF : tlsServer.actualPort();
  }

  private void onConnect(MqttEndpoint endpoint) {
    // In a reconnect storm a device may give up and close before its registry read returns; an
    // endpoint closed by then can be neither accepted nor refused.
    if (connections.draining()) {
      refuse(endpoint, new ConnectRefused(ConnectResult.SHUTTING_DOWN, "the server is shutting down"));
      return;
    }
    boolean[] closed = {false};
    endpoint.closeHandler(v -> closed[0] = true);
    authenticator.authenticate(endpoint)
        .compose(device -> sessions.open(endpoint, device.id()).map(session -> new Admitted(device, session)))
        .onComplete(result -> {
          if (closed[0]) {
            metrics.connect(ConnectResult.ABANDONED);
            forget(result);
          } else if (result.succeeded() && connections.draining()) {
            refuse(endpoint, new ConnectRefused(ConnectResult.SHUTTING_DOWN, "the server is shutting down"));
            forget(result);
          } else if (result.succeeded()) {
            accept(endpoint, result.result());
          } else {
            refuse(endpoint, result.cause());
          }
        });
  }

  /** A device let in, and the session its CONNECT opened. */
  private record Admitted(Device device, PersistentSessions.SessionState session) {}

  /** A session opened for a CONNECT that is not accepted after all: its expiry starts now. */
  private void forget(AsyncResult<Admitted> admitted) {
    if (admitted.succeeded()) {
      sessions.persistent().close(admitted.result().device().id(), admitted.result().session());
    }
  }

  private void accept(MqttEndpoint endpoint, Admitted admitted) {
    metrics.connect(ConnectResult.ACCEPTED);
    new DeviceSession(endpoint, admitted.device(), admitted.session(), context, inspector, writer, sessions, metrics,
        config.mqtt().maxPayloadBytes(), config.mqtt().receiveMaximum(), throttle, flushes, rejectBudget, connections)
        .open(connackProperties(admitted.session()));
  }

  private void refuse(MqttEndpoint endpoint, Throwable cause) {
    ConnectResult result = cause instanceof ConnectRefused refused ? refused.result() : ConnectResult.STORAGE_UNAVAILABLE;
    LOG.debug("Refused CONNECT of '{}': {}", endpoint.clientIdentifier(), cause.getMessage());
    metrics.connect(result);
    endpoint.reject(result.code(endpoint.protocolVersion()));
  }

  /**
   * MQTT 5 clients learn how many unacknowledged QoS 1/2 messages they may have in flight, and how
   * long their session is kept if that is less than they asked (§3.2.2.3.2).
   */
  private MqttProperties connackProperties(PersistentSessions.SessionState session) {
    MqttProperties properties = new MqttProperties();
    properties.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, config.mqtt().receiveMaximum()));
    if (session.capped()) {
      properties.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL,
          (int) session.expirySeconds()));
    }
    return properties;
  }

  /**
   * Drains the connections within {@code shutdown.grace} (docs/protocol.md, Shutdown): the port
   * stays open meanwhile, refusing CONNECTs, as closing the server would close its connections.
   * What is not committed by then is abandoned: its statements cancelled, and the writer's pool
   * closed only once they ended, as the pool's close would wait for them, and closing it earlier
   * would close the connections the cancel requests go out on.
   */
  @Override
  public Future<?> stop() {
    long graceMs = config.shutdown().grace().toMillis();
    long leaveMs = Math.min(MAX_LEAVE_MS, graceMs / 5);
    return connections.drain(Duration.ofMillis(graceMs - 2 * leaveMs), Duration.ofMillis(leaveMs))
        .onSuccess(report -> drained = report)
        .transform(drainedOrNot -> writer.abandon())
        .eventually(() -> Future.all(server == null ? Future.succeededFuture() : server.close(),
            tlsServer == null ? Future.succeededFuture() : tlsServer.close()))
        .eventually(writerPool::close);
  }

  /** What the drain of this listener did; null until it stopped. */
  DrainReport drained() {
    return drained;
  }
}
