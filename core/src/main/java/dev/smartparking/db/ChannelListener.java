package dev.smartparking.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows PostgreSQL channels over the process's one listening connection ({@link SharedListener}),
 * which connects again every second from the first attempt on, for as long as anyone follows. A
 * channel's {@code onSubscribed} runs each time it starts listening again: notifications sent
 * meanwhile are gone, so its owner reads whatever it may have missed. Callbacks run on the context
 * {@link #listen} was called from.
 *
 * <p>In core so that every part that follows a channel uses this one mechanism: the alarm
 * dispatcher, the API's availability view, tokens and alarm stream, ingest's registry and sessions.
 */
public final class ChannelListener {

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final String purpose;
  private final List<Registration> registrations = new ArrayList<>();
  /** The listener joined by {@link #listen}; null before. */
  private volatile SharedListener shared;

  private record Registration(String channel, Runnable onSubscribed, Handler<String> onNotification) {}

  /** {@code purpose} names what is followed, for the log: "alarm events". */
  public ChannelListener(Vertx vertx, PgConnectOptions options, String purpose) {
    this.vertx = vertx;
    this.options = options;
    this.purpose = purpose;
  }

  /** Listens on {@code channel} once {@link #listen} runs; to be called before it. */
  public ChannelListener on(String channel, Runnable onSubscribed, Handler<String> onNotification) {
    registrations.add(new Registration(channel, onSubscribed, onNotification));
    return this;
  }

  /** Starts listening; a first connection that fails is retried like a lost one. */
  public void listen() {
    var context = vertx.getOrCreateContext();
    shared = SharedListener.follow(vertx, options, registrations.stream()
        .map(r -> new SharedListener.Follower(this, r.channel(), context, r.onSubscribed(), r.onNotification()))
        .toList());
  }

  /**
   * The connection notifications arrive on, or null while it is down. A new one is not
   * listening until {@code onSubscribed} has run for it.
   */
  public PgConnection connection() {
    SharedListener joined = shared;
    return joined == null ? null : joined.connection();
  }

  public Future<Void> close() {
    SharedListener joined = shared;
    return joined == null ? Future.succeededFuture() : joined.remove(this);
  }

  String purpose() {
    return purpose;
  }
}
