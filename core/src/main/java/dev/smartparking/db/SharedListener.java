package dev.smartparking.db;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgNotification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one LISTEN connection of a process (a Vert.x instance) to a database, shared by every
 * {@link ChannelListener}: PostgreSQL wakes every connection that listens in a database for every
 * notification sent there, whatever its channels, so each listening connection costs every
 * notifying commit (docs/performance.md, "Every listener in the database pays for every
 * notification"). Connects again every second while anyone follows a channel; each follower's
 * callbacks run on the context it started listening from, as with a connection of its own.
 */
final class SharedListener {

  private static final Logger LOG = LoggerFactory.getLogger(SharedListener.class);
  private static final long RECONNECT_DELAY_MS = 1_000;
  /** By Vert.x instance, then by database; an entry leaves when its last follower closes. */
  private static final Map<Vertx, Map<String, SharedListener>> SHARED = new WeakHashMap<>();

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final String key;
  private final List<Follower> followers = new ArrayList<>();
  private PgConnection connection;
  private boolean connecting;

  /** What one {@link ChannelListener} asked for on one channel. */
  record Follower(ChannelListener owner, String channel, Context context, Runnable onSubscribed,
      Handler<String> onNotification) {}

  private SharedListener(Vertx vertx, PgConnectOptions options, String key) {
    this.vertx = vertx;
    this.options = new PgConnectOptions(options);
    this.key = key;
  }

  /**
   * The process's listener to the database of {@code options}, following {@code added} from now on.
   * Found and joined under one lock, so that no follower joins a listener its last one is leaving.
   */
  static SharedListener follow(Vertx vertx, PgConnectOptions options, List<Follower> added) {
    String key = options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    synchronized (SHARED) {
      SharedListener shared = SHARED.computeIfAbsent(vertx, v -> new HashMap<>())
          .computeIfAbsent(key, k -> new SharedListener(vertx, options, k));
      shared.add(added);
      return shared;
    }
  }

  /** Listening already, each gets its {@code onSubscribed} once its LISTEN is done. */
  private synchronized void add(List<Follower> added) {
    followers.addAll(added);
    if (connection != null) {
      listen(connection, added);
    } else if (!connecting) {
      connecting = true;
      connect();
    }
  }

  /** Stops following for {@code owner}; the last one out closes the connection. */
  Future<Void> remove(ChannelListener owner) {
    PgConnection closing;
    // SHARED first, as in follow: the two locks are always taken in this order
    synchronized (SHARED) {
      synchronized (this) {
        followers.removeIf(f -> f.owner() == owner);
        if (!followers.isEmpty()) {
          return Future.succeededFuture();
        }
        Map<String, SharedListener> ofVertx = SHARED.get(vertx);
        if (ofVertx != null) {
          ofVertx.remove(key, this);
        }
        closing = connection;
        connection = null;
      }
    }
    return closing == null ? Future.succeededFuture() : closing.close();
  }

  /** The listening connection, or null while there is none. */
  synchronized PgConnection connection() {
    return connection;
  }

  private void connect() {
    PgConnection.connect(vertx, options).onComplete(this::connected);
  }

  private synchronized void connected(AsyncResult<PgConnection> result) {
    connecting = false;
    if (result.failed()) {
      if (!followers.isEmpty()) {
        LOG.warn("Cannot listen for {}, retrying: {}", purposes(), result.cause().toString());
        reconnectLater();
      }
      return;
    }
    PgConnection opened = result.result();
    if (followers.isEmpty()) {
      opened.close();
      return;
    }
    connection = opened;
    opened.notificationHandler(this::dispatch);
    opened.closeHandler(v -> lost(opened));
    listen(opened, List.copyOf(followers));
  }

  /** LISTEN on the followers' channels (again, for one listened to already: a no-op), then tell them. */
  private void listen(PgConnection on, List<Follower> added) {
    String sql = added.stream().map(f -> "LISTEN \"" + f.channel().replace("\"", "\"\"") + "\"").distinct()
        .collect(Collectors.joining("; "));
    on.query(sql).execute()
        .onSuccess(v -> added.forEach(f -> f.context().runOnContext(x -> f.onSubscribed().run())))
        .onFailure(e -> {
          LOG.warn("Cannot LISTEN for {}, connecting again: {}", purposes(), e.toString());
          on.close();
        });
  }

  private void dispatch(PgNotification notification) {
    List<Follower> targets;
    synchronized (this) {
      targets = followers.stream().filter(f -> f.channel().equals(notification.getChannel())).toList();
    }
    targets.forEach(f -> f.context().runOnContext(v -> f.onNotification().handle(notification.getPayload())));
  }

  private synchronized void lost(PgConnection closed) {
    if (connection != closed) {
      return;
    }
    connection = null;
    if (!followers.isEmpty() && !connecting) {
      LOG.warn("Lost the listening connection for {}, connecting again", purposes());
      reconnectLater();
    }
  }

  private void reconnectLater() {
    connecting = true;
    vertx.setTimer(RECONNECT_DELAY_MS, id -> {
      synchronized (this) {
        if (followers.isEmpty()) {
          connecting = false;
          return;
        }
      }
      connect();
    });
  }

  private String purposes() {
    return followers.stream().map(f -> f.owner().purpose()).distinct().collect(Collectors.joining(", "));
  }
}
