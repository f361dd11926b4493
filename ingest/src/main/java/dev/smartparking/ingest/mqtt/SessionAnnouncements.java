package dev.smartparking.ingest.mqtt;

import dev.smartparking.db.ChannelListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the database of the sessions this ingest process opens and closes: other ingest processes
 * hear of each opened one on {@link #CHANNEL}, and close theirs of the same device if it is the
 * older (session takeover across processes); {@code device_presence} records who is connected
 * where, for the admin's device list, with this process's heartbeat in {@code ingest_processes}
 * saying it is alive. Events that come while a statement is under way go together in the next, so
 * a reconnect storm costs a round trip per batch, not one per CONNECT.
 *
 * <p>Payload: this process's id on the first line, then one line per opened session: its number and
 * device id. Notifications sent while the listening connection is down are lost, and with them
 * the takeovers they carried.
 */
public final class SessionAnnouncements {

  private static final Logger LOG = LoggerFactory.getLogger(SessionAnnouncements.class);

  static final String CHANNEL = "device_sessions";
  /** Opened and closed sessions of one batch, and the takeover notification of the opened ones. */
  static final String ANNOUNCE = """
      WITH opened AS (
        INSERT INTO device_presence (device_id, process_id, connected_at, last_seen_at)
        SELECT id, $1::uuid, now(), now() FROM unnest($2::text[]) AS id
        ON CONFLICT (device_id) DO UPDATE SET process_id = excluded.process_id,
          connected_at = excluded.connected_at, last_seen_at = excluded.last_seen_at
      ), closed AS (
        UPDATE device_presence SET process_id = NULL, last_seen_at = now()
        WHERE device_id = ANY($3::text[]) AND process_id = $1::uuid
      )
      SELECT pg_notify('""" + CHANNEL + "', $4) WHERE $4 IS NOT NULL";
  static final String HEARTBEAT = """
      INSERT INTO ingest_processes (process_id) VALUES ($1::uuid)
      ON CONFLICT (process_id) DO UPDATE SET heartbeat_at = now()""";
  static final String GONE = "DELETE FROM ingest_processes WHERE process_id = $1::uuid";
  /** Well within the staleness after which the API takes a process for dead (API's DeviceListResource). */
  private static final long HEARTBEAT_MS = 10_000;
  /** PostgreSQL refuses a payload of 8000 bytes or more; ids are ASCII (the catalogue's id rule). */
  private static final int MAX_PAYLOAD_CHARS = 7_000;
  private static final int MAX_EVENTS_PER_BATCH = 5_000;

  /** A session opened (with its number) or closed. */
  private record Event(String deviceId, long number, boolean opened) {}

  private final UUID processId = UUID.randomUUID();
  private final String process = processId.toString();
  private final Vertx vertx;
  private final Pool pool;
  private final ChannelListener listener;
  private final AtomicLong numbers = new AtomicLong();
  private final Queue<Event> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean sending = new AtomicBoolean();
  private volatile Sessions sessions;
  private long heartbeatTimer;

  private SessionAnnouncements(Vertx vertx, Pool pool, ChannelListener listener) {
    this.vertx = vertx;
    this.pool = pool;
    this.listener = listener;
  }

  /**
   * Listening on {@link #CHANNEL} over a connection of its own; writes over {@code pool}. Completes
   * once listening and registered as alive, so that no session of this process goes unheard.
   */
  public static Future<SessionAnnouncements> start(Vertx vertx, PgConnectOptions options, Pool pool) {
    Promise<Void> listening = Promise.promise();
    ChannelListener listener = new ChannelListener(vertx, options, "device session takeovers");
    SessionAnnouncements announcements = new SessionAnnouncements(vertx, pool, listener);
    listener.on(CHANNEL, listening::tryComplete, announcements::onNotification).listen();
    return listening.future()
        .compose(v -> announcements.heartbeat())
        .map(v -> {
          announcements.heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, id -> announcements.heartbeat()
              .onFailure(e -> LOG.warn("Could not record this ingest process as alive: {}", e.getMessage())));
          return announcements;
        });
  }

  void follow(Sessions sessions) {
    this.sessions = sessions;
  }

  /** A session accepted here, numbered before it is sent so that its return finds it so. */
  void opened(DeviceSession session) {
    long number = numbers.incrementAndGet();
    session.announcedAs(number);
    pending.add(new Event(session.deviceId(), number, true));
    send();
  }

  void closed(DeviceSession session) {
    pending.add(new Event(session.deviceId(), 0, false));
    send();
  }

  private void send() {
    if (pending.isEmpty() || !sending.compareAndSet(false, true)) {
      return;
    }
    // The last event of a device in the batch is its state; the notification carries every opening.
    Map<String, Boolean> last = new LinkedHashMap<>();
    StringBuilder payload = new StringBuilder(process);
    boolean anyOpened = false;
    for (Event event = pending.peek(); event != null && last.size() < MAX_EVENTS_PER_BATCH
        && payload.length() + event.deviceId().length() + 21 < MAX_PAYLOAD_CHARS; event = pending.peek()) {
      pending.poll();
      last.remove(event.deviceId());
      last.put(event.deviceId(), event.opened());
      if (event.opened()) {
        payload.append('\n').append(event.number()).append(' ').append(event.deviceId());
        anyOpened = true;
      }
    }
    List<String> opened = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    last.forEach((id, open) -> (open ? opened : closed).add(id));
    pool.preparedQuery(ANNOUNCE)
        .execute(Tuple.of(processId, opened.toArray(String[]::new), closed.toArray(String[]::new),
            anyOpened ? payload.toString() : null))
        .onFailure(e -> LOG.warn("Could not announce sessions (takeover, presence): {}", e.getMessage()))
        .onComplete(done -> {
          sending.set(false);
          send();
        });
  }

  private Future<Void> heartbeat() {
    return pool.preparedQuery(HEARTBEAT).execute(Tuple.of(processId)).mapEmpty();
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

  /** Stops the heartbeat and says this process is gone, so its sessions stop counting as connected. */
  public Future<Void> close() {
    vertx.cancelTimer(heartbeatTimer);
    return pool.preparedQuery(GONE).execute(Tuple.of(processId))
        .onFailure(e -> LOG.warn("Could not record this ingest process as stopped: {}", e.getMessage()))
        .<Void>mapEmpty()
        .eventually(listener::close);
  }
}
