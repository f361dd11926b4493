package dev.smartparking.api.availability;

import dev.smartparking.catalog.CatalogueImport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on {@link #CHANNEL} (the V5 triggers on lot_state send the ids of changed lots) and on
 * {@link CatalogueImport#CHANGE_CHANNEL}. Calls {@code onSubscribed} each time it starts
 * listening again (notifications sent meanwhile are gone), and {@code onRegistryChange} for
 * every registry change, possibly missed ones included. Keeps trying to connect, every second,
 * from the first attempt on.
 */
final class LotStateChanges {

  static final String CHANNEL = "lot_state_changed";
  private static final Logger LOG = LoggerFactory.getLogger(LotStateChanges.class);
  private static final long RECONNECT_DELAY_MS = 1_000;

  private final Vertx vertx;
  private final PgSubscriber subscriber;
  private boolean closed;

  LotStateChanges(Vertx vertx, PgConnectOptions options, Consumer<List<String>> onLots, Runnable onRegistryChange,
      Runnable onSubscribed) {
    this.vertx = vertx;
    this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
    subscriber.channel(CHANNEL)
        .subscribeHandler(v -> onSubscribed.run())
        .handler(payload -> onLots.accept(Arrays.asList(payload.split(","))));
    subscriber.channel(CatalogueImport.CHANGE_CHANNEL)
        .subscribeHandler(v -> onRegistryChange.run())
        .handler(payload -> onRegistryChange.run());
  }

  /** Starts listening; a first connection that fails is retried like a lost one. */
  void listen() {
    subscriber.connect().onFailure(this::retry);
  }

  /**
   * The connection notifications arrive on, or null while it is down. A new one is not
   * listening until {@code onSubscribed} has run for it.
   */
  PgConnection connection() {
    return subscriber.actualConnection();
  }

  Future<Void> close() {
    closed = true;
    return subscriber.close();
  }

  private void retry(Throwable failure) {
    if (closed) {
      return;
    }
    LOG.warn("Cannot listen for lot state changes, retrying: {}", failure.toString());
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
