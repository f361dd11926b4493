package dev.smartparking.ingest.mqtt;

import dev.smartparking.db.ChannelListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session takeover across ingest processes: each session accepted here is announced on
 * {@link #CHANNEL} with this process's id, and a session announced by another process closes ours
 * of the same device if ours is the older. Announcements made while one is being sent go together
 * in the next, so a reconnect storm costs a NOTIFY per round trip, not one per CONNECT.
 *
 * <p>Payload: this process's id on the first line, then one line per session: its number and
 * device id. Notifications sent while the listening connection is down are lost, and with them
 * the takeovers they carried.
 */
public final class SessionTakeovers {

  private static final Logger LOG = LoggerFactory.getLogger(SessionTakeovers.class);

  static final String CHANNEL = "device_sessions";
  static final String ANNOUNCE = "SELECT pg_notify('" + CHANNEL + "', $1)";
  /** PostgreSQL refuses a payload of 8000 bytes or more; ids are ASCII (the catalogue's id rule). */
  private static final int MAX_PAYLOAD_CHARS = 7_000;

  private final String process = UUID.randomUUID().toString();
  private final Pool pool;
  private final ChannelListener listener;
  private final AtomicLong numbers = new AtomicLong();
  private final Queue<String> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile Sessions sessions;

  private SessionTakeovers(Pool pool, ChannelListener listener) {
    this.pool = pool;
    this.listener = listener;
  }

  /**
   * Listening on {@link #CHANNEL} over a connection of its own; announces over {@code pool}.
   * Completes once listening, so that no announcement of this process goes by unheard.
   */
  public static Future<SessionTakeovers> start(Vertx vertx, PgConnectOptions options, Pool pool) {
    Promise<Void> listening = Promise.promise();
    ChannelListener listener = new ChannelListener(vertx, options, "device session takeovers");
    SessionTakeovers takeovers = new SessionTakeovers(pool, listener);
    listener.on(CHANNEL, listening::tryComplete, takeovers::onNotification).listen();
    return listening.future().map(takeovers);
  }

  void follow(Sessions sessions) {
    this.sessions = sessions;
  }

  /** Announces a session accepted here, numbered before it is sent so that its return finds it so. */
  void announce(DeviceSession session) {
    long number = numbers.incrementAndGet();
    session.announcedAs(number);
    pending.add(number + " " + session.deviceId());
    send();
  }

  private void send() {
    if (pending.isEmpty() || !sending.compareAndSet(false, true)) {
      return;
    }
    StringBuilder payload = new StringBuilder(process);
    for (String line = pending.peek(); line != null && payload.length() + line.length() < MAX_PAYLOAD_CHARS;
        line = pending.peek()) {
      payload.append('\n').append(pending.poll());
    }
    pool.preparedQuery(ANNOUNCE).execute(Tuple.of(payload.toString()))
        .onFailure(e -> LOG.warn("Could not announce sessions to other ingest processes: {}", e.getMessage()))
        .onComplete(done -> {
          sending.set(false);
          send();
        });
  }

  private void onNotification(String payload) {
    Sessions current = sessions;
    if (current == null) {
      return;
    }
    String[] lines = payload.split("\n");
    boolean ours = lines[0].equals(process);
    for (int i = 1; i < lines.length; i++) {
      int space = lines[i].indexOf(' ');
      String deviceId = lines[i].substring(space + 1);
      if (ours) {
        current.announced(deviceId, Long.parseLong(lines[i], 0, space, 10));
      } else {
        current.acceptedElsewhere(deviceId);
      }
    }
  }

  public Future<Void> close() {
    return listener.close();
  }
}
