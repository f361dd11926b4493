package dev.smartparking.ingest.mqtt;

import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;

/**
 * The socket beneath a vertx-mqtt endpoint. vertx-mqtt 5.0.8 gives {@link MqttEndpoint} neither a
 * pause nor a write that leaves the flush to the caller, and ingestion needs both: reads paused for
 * back-pressure ({@link SocketReads}) and acknowledgements flushed once per batch instead of once
 * each ({@link PendingFlushes}). This one class reaches the endpoint's {@code conn} field; it is
 * looked up when the listener starts ({@link #requireSupported()}), so a vertx-mqtt that no longer
 * has it stops the listener from starting rather than leaving it without back-pressure.
 */
final class EndpointSocket {

  private static final Field CONN = connField();

  private EndpointSocket() {}

  static NetSocketInternal of(MqttEndpoint endpoint) {
    try {
      return (NetSocketInternal) CONN.get(endpoint);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the socket of an MQTT endpoint", e);
    }
  }

  /** Loads the field lookup: throws at start-up if this vertx-mqtt hides its socket elsewhere. */
  static void requireSupported() {
    CONN.getName();
  }

  private static Field connField() {
    try {
      Field conn = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      if (!NetSocketInternal.class.isAssignableFrom(conn.getType())) {
        throw new NoSuchFieldException("conn is a " + conn.getType() + ", not a NetSocketInternal");
      }
      conn.setAccessible(true);
      return conn;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError(
          "vertx-mqtt's MqttEndpointImpl.conn (NetSocketInternal) is needed for back-pressure and is missing: " + e);
    }
  }
}
