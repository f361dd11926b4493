package dev.smartparking.ingest.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT sessions devices ask to keep (table {@code mqtt_sessions}, V17), found again when the
 * device reconnects to any ingest process of the database or after a restart: its CONNACK says
 * session present, and the QoS 2 packet ids it was sent PUBREC for and has not released are known
 * again. Read and written once per connection, never per message.
 */
public final class PersistentSessions {

  private static final Logger LOG = LoggerFactory.getLogger(PersistentSessions.class);

  /**
   * The device's live session (unless the CONNECT is clean) is returned, and replaced by the one
   * the CONNECT opens: kept for {@code $2} seconds after the connection, or none if 0.
   */
  static final String OPEN = """
      WITH old AS (
        SELECT awaiting_release FROM mqtt_sessions
        WHERE device_id = $1 AND NOT $3::boolean AND (expires_at IS NULL OR expires_at > now())
      ), gone AS (
        DELETE FROM mqtt_sessions WHERE device_id = $1 AND $2::bigint = 0
      ), kept AS (
        INSERT INTO mqtt_sessions (device_id, connection_id, expiry_s, awaiting_release)
        SELECT $1, $4::uuid, $2::bigint, coalesce((SELECT awaiting_release FROM old), '{}') WHERE $2::bigint > 0
        ON CONFLICT (device_id) DO UPDATE SET connection_id = excluded.connection_id, expiry_s = excluded.expiry_s,
          expires_at = NULL, awaiting_release = excluded.awaiting_release
      )
      SELECT awaiting_release FROM old""";
  /** Only by the connection holding it: a newer one (a takeover) has opened its own already. */
  static final String CLOSE = """
      UPDATE mqtt_sessions SET connection_id = NULL, awaiting_release = $3,
        expires_at = now() + make_interval(secs => expiry_s)
      WHERE device_id = $1 AND connection_id = $2::uuid""";
  /** MQTT 5's "never expires" (§3.1.2.11.2): kept as long as the server keeps any. */
  private static final long NEVER = 0xFFFF_FFFFL;

  private final Pool pool;
  private final SessionDiscards discards;
  private final long maxExpirySeconds;
  /** Close writes under way, per device: a reconnect to this process reads the session after its own. */
  private final Map<String, Future<Void>> closing = new ConcurrentHashMap<>();

  /** {@code maxExpiry}: {@code mqtt.session-expiry-max}. */
  public PersistentSessions(Vertx vertx, Pool pool, Duration maxExpiry) {
    this.pool = pool;
    this.discards = new SessionDiscards(vertx, pool);
    this.maxExpirySeconds = maxExpiry.toSeconds();
  }

  /**
   * The session the CONNECT of {@code endpoint} opens: the device's live one unless it asks for a
   * clean one; kept after the connection for as long as it asks (3.1.1 clean session 0: the maximum).
   * {@code live}: the ids awaiting release (the set itself, not a copy) of a connection of the
   * device still open in this process, or an empty set.
   */
  Future<SessionState> open(MqttEndpoint endpoint, String deviceId, Supplier<Set<Integer>> live) {
    long asked = askedExpiry(endpoint);
    long expiry = Math.min(asked, maxExpirySeconds);
    UUID connection = UUID.randomUUID();
    // Taken now, read when the query returns: the set itself, so that what that connection adds
    // meanwhile, or before its close, is seen too.
    Set<Integer> stillOpen = live.get();
    if (endpoint.isCleanSession() && expiry == 0) {
      return Future.succeededFuture(clean(deviceId, connection, asked > expiry));
    }
    return closed(deviceId)
        .transform(previousWritten -> pool.preparedQuery(OPEN)
            .execute(Tuple.of(deviceId, expiry, endpoint.isCleanSession(), connection)))
        .map(rows -> {
          boolean present = rows.size() > 0;
          Set<Integer> awaitingRelease = ConcurrentHashMap.newKeySet();
          if (present) {
            Row row = rows.iterator().next();
            awaitingRelease.addAll(Arrays.asList(row.getArrayOfIntegers(0)));
            // The device's previous connection may still be open here (its close not yet seen, or a
            // takeover): the table has its ids as at its CONNECT, the connection has them as now.
            awaitingRelease.addAll(stillOpen);
          }
          return new SessionState(connection, present, expiry, asked > expiry, awaitingRelease);
        });
  }

  /**
   * A CONNECT that reads nothing and keeps nothing is accepted at once, also while PostgreSQL is
   * away (its messages then wait as everyone's do). A session kept from before is discarded
   * behind it, retried until done; this process's next open of the device waits for that, so a
   * later persistent CONNECT never finds what the clean one discarded.
   */
  private SessionState clean(String deviceId, UUID connection, boolean capped) {
    closingUntilDone(deviceId, closed(deviceId).transform(previousWritten -> discards.discard(deviceId)));
    return new SessionState(connection, false, 0, capped, ConcurrentHashMap.newKeySet());
  }

  /** The connection of {@code session} closed: a kept session starts its expiry, with the ids still awaiting release. */
  void close(String deviceId, SessionState session) {
    if (session.expirySeconds() == 0) {
      return;
    }
    closingUntilDone(deviceId, pool.preparedQuery(CLOSE)
        .execute(Tuple.of(deviceId, session.connection(), session.awaitingRelease().toArray(Integer[]::new)))
        .<Void>mapEmpty()
        .onFailure(e -> LOG.warn("Could not record the end of {}'s connection in its kept session (it stays as at "
            + "its CONNECT): {}", deviceId, e.getMessage())));
  }

  /** Done (either way) once the device's close or discard under way here, if any, is. */
  private Future<Void> closed(String deviceId) {
    return closing.getOrDefault(deviceId, Future.succeededFuture());
  }

  /** {@code write} is the device's close or discard under way here until it completes: its next open waits for it. */
  private void closingUntilDone(String deviceId, Future<Void> write) {
    closing.put(deviceId, write);
    write.onComplete(done -> closing.remove(deviceId, write));
  }

  /** In seconds: 3.1.1 has no expiry, its clean session 0 asks to be kept; 5.0 says how long, 0 when absent. */
  private long askedExpiry(MqttEndpoint endpoint) {
    if (endpoint.protocolVersion() < 5) {
      return endpoint.isCleanSession() ? 0 : NEVER;
    }
    MqttProperties.MqttProperty<?> property =
        endpoint.connectProperties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
    return property == null ? 0 : Integer.toUnsignedLong((Integer) property.value());
  }

  /**
   * One connection's session: whether CONNACK says present, how long it is kept after the
   * connection ({@code capped}: less than the device asked, which MQTT 5 devices are told), and
   * the QoS 2 packet ids that got PUBREC and await their PUBREL. The ids change on the
   * connection's event loop, and are read by a newer connection of the device on another.
   */
  record SessionState(UUID connection, boolean present, long expirySeconds, boolean capped,
      Set<Integer> awaitingRelease) {}
}
