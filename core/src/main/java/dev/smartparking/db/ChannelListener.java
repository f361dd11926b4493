package dev.smartparking.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on one PostgreSQL channel for as long as it runs, reconnecting every second, from the
 * first attempt on (a server may start before PostgreSQL is reachable). {@code onWake} runs for
 * every notification and also each time listening starts again: notifications sent while not
 * listening are gone, so whoever follows the channel must look again then.
 *
 * <p>For followers that only need "something changed, look": the alarm dispatcher. The API's
 * availability view and ingest's registry cache predate this class and carry payloads or
 * several channels; they can move onto it.
 */
public final class ChannelListener {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
  private static final long RECONNECT_DELAY_MS = 1_000;

  private final Vertx vertx;
  private final String channel;
  private final PgSubscriber subscriber;
  private boolean closed;

  public ChannelListener(Vertx vertx, PgConnectOptions options, String channel, Runnable onWake) {
    this.vertx = vertx;
    this.channel = channel;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
    subscriber.channel(channel)
        .subscribeHandler(v -> onWake.run())
        .handler(payload -> onWake.run());
  }

  /** Starts listening; a first connection that fails is retried like a lost one. */
  public void listen() {
    subscriber.connect().onFailure(this::retry);
  }

  /** Whether the listening connection is up now (notifications may still be missed until it subscribed). */
  public boolean connected() {
    return subscriber.actualConnection() != null;
  }

  public Future<Void> close() {
    closed = true;
    return subscriber.close();
  }

  private void retry(Throwable failure) {
    if (closed) {
      return;
    }
    LOG.warn("Cannot listen on {}, retrying: {}", channel, failure.toString());
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
