package dev.smartparking.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection of its own that LISTENs on PostgreSQL channels (a pooled one would be handed to
 * other queries), and connects again every second from the first attempt on, for as long as it is
 * open. A channel's {@code onSubscribed} runs each time it starts listening again: notifications
 * sent meanwhile are gone, so its owner reads whatever it may have missed.
 *
 * <p>In core so that every part that follows a channel uses this one mechanism: the alarm
 * dispatcher, the API's availability view and alarm stream.
 */
public final class ChannelListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
  private static final long RECONNECT_DELAY_MS = 1_000;

  private final Vertx vertx;
  private final String purpose;
  private final PgSubscriber subscriber;
  private volatile boolean closed;

  /** {@code purpose} names what is followed, for the log: "alarm events". */
  public ChannelListener(Vertx vertx, PgConnectOptions options, String purpose) {
    this.vertx = vertx;
    this.purpose = purpose;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
  }

  /** Listens on {@code channel} once {@link #listen} runs; to be called before it. */
  public ChannelListener on(String channel, Runnable onSubscribed, Handler<String> onNotification) {
    subscriber.channel(channel)
        .subscribeHandler(v -> onSubscribed.run())
        .handler(onNotification);
    return this;
  }

  /** Starts listening; a first connection that fails is retried like a lost one. */
  public void listen() {
    subscriber.connect().onFailure(this::retry);
  }

  /**
   * The connection notifications arrive on, or null while it is down. A new one is not
   * listening until {@code onSubscribed} has run for it.
   */
  public PgConnection connection() {
    return subscriber.actualConnection();
  }

  public Future<Void> close() {
    closed = true;
    return subscriber.close();
  }

  private void retry(Throwable failure) {
    if (closed) {
      return;
    }
    LOG.warn("Cannot listen for {}, retrying: {}", purpose, failure.toString());
    // The subscriber stays "connecting" after a failed first connect: close it to connect again.
    vertx.timer(RECONNECT_DELAY_MS)
        .compose(v -> subscriber.close())
        .onComplete(v -> {
          if (!closed) {
            listen();
          }
        });
  }
}
