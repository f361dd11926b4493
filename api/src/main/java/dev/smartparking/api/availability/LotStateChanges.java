package dev.smartparking.api.availability;

import dev.smartparking.db.ChannelListener;
import dev.smartparking.db.LotStateChannel;
import dev.smartparking.catalog.CatalogueImport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.List;
import java.util.function.Consumer;

/**
 * LISTENs on {@link LotStateChannel#CHANGED} (the ids of changed lots: ingest sends them after its
 * commits, the V5 trigger for any other writer), {@link LotStateChannel#RESYNC} and
 * {@link CatalogueImport#CHANGE_CHANNEL}. Calls {@code onSubscribed} each time it starts listening
 * again (notifications sent meanwhile are gone), and {@code onEverything} for every registry change,
 * possibly missed ones included, and every resync asked for. Keeps trying to connect, every second,
 * from the first attempt on.
 */
final class LotStateChanges {

  private final ChannelListener listener;

  LotStateChanges(Vertx vertx, PgConnectOptions options, Consumer<List<String>> onLots, Runnable onEverything,
      Runnable onSubscribed) {
    this.listener = new ChannelListener(vertx, options, "lot state changes")
        .on(LotStateChannel.CHANGED, onSubscribed, payload -> onLots.accept(LotStateChannel.lotIds(payload)))
        // subscribing to CHANGED again reads everything already
        .on(LotStateChannel.RESYNC, () -> {}, payload -> onEverything.run())
        .on(CatalogueImport.CHANGE_CHANNEL, onEverything, payload -> onEverything.run());
  }

  /** Starts listening; a first connection that fails is retried like a lost one. */
  void listen() {
    listener.listen();
  }

  /**
   * The connection notifications arrive on, or null while it is down. A new one is not
   * listening until {@code onSubscribed} has run for it.
   */
  PgConnection connection() {
    return listener.connection();
  }

  Future<Void> close() {
    return listener.close();
  }
}
