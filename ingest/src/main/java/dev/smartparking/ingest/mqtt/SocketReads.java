package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;

/**
 * Stops and restarts reading one device's socket, for back-pressure: while paused, Netty reads
 * nothing more from the connection and the device's TCP window fills, so it slows down instead of
 * the server buffering for it.
 *
 * <p>vertx-mqtt 5.0.8 gives {@link MqttEndpoint} no pause and no access to its socket, so this one
 * class reaches the endpoint's {@code conn} field. It is looked up once, when the listener starts
 * ({@link #requireSupported()}): a vertx-mqtt that no longer has it stops the listener from
 * starting, rather than leaving the server without back-pressure. Reads are paused for two reasons, either enough: the connection has as many
 * messages in flight as it may, or the storage writer is behind.
 */
final class SocketReads {

  private static final Field CONN = connField();

  private final NetSocket socket;
  private final IngestMetrics metrics;
  private boolean inFlightFull;
  private boolean storageBehind;
  private boolean paused;

  private SocketReads(NetSocket socket, IngestMetrics metrics) {
    this.socket = socket;
    this.metrics = metrics;
  }

  static SocketReads of(MqttEndpoint endpoint, IngestMetrics metrics) {
    try {
      return new SocketReads((NetSocket) CONN.get(endpoint), metrics);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the socket of an MQTT endpoint", e);
    }
  }

  /** Loads the field lookup: throws at start-up if this vertx-mqtt hides its socket elsewhere. */
  static void requireSupported() {
    CONN.getName();
  }

  void inFlightFull(boolean full) {
    inFlightFull = full;
    update();
  }

  void storageBehind(boolean behind) {
    storageBehind = behind;
    update();
  }

  /** The connection is gone: it no longer counts as paused. */
  void closed() {
    if (paused) {
      paused = false;
      metrics.connectionPaused(false);
    }
  }

  private void update() {
    boolean pause = inFlightFull || storageBehind;
    if (pause == paused) {
      return;
    }
    paused = pause;
    metrics.connectionPaused(pause);
    if (pause) {
      socket.pause();
    } else {
      socket.resume();
    }
  }

  private static Field connField() {
    try {
      Field conn = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      if (!NetSocket.class.isAssignableFrom(conn.getType())) {
        throw new NoSuchFieldException("conn is a " + conn.getType() + ", not a NetSocket");
      }
      conn.setAccessible(true);
      return conn;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError(
          "vertx-mqtt's MqttEndpointImpl.conn (NetSocketInternal) is needed for back-pressure and is missing: " + e);
    }
  }
}
