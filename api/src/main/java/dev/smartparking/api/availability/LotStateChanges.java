package dev.smartparking.api.availability;

import dev.smartparking.db.ChannelListener;
import dev.smartparking.catalog.CatalogueImport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * LISTENs on {@link #CHANNEL} (the V5 triggers on lot_state send the ids of changed lots) and on
 * {@link CatalogueImport#CHANGE_CHANNEL}. Calls {@code onSubscribed} each time it starts
 * listening again (notifications sent meanwhile are gone), and {@code onRegistryChange} for
 * every registry change, possibly missed ones included. Keeps trying to connect, every second,
 * from the first attempt on.
 */
final class LotStateChanges {

  static final String CHANNEL = "lot_state_changed";

  private final ChannelListener listener;

  LotStateChanges(Vertx vertx, PgConnectOptions options, Consumer<List<String>> onLots, Runnable onRegistryChange,
      Runnable onSubscribed) {
    this.listener = new ChannelListener(vertx, options, "lot state changes")
        .on(CHANNEL, onSubscribed, payload -> onLots.accept(Arrays.asList(payload.split(","))))
        .on(CatalogueImport.CHANGE_CHANNEL, onRegistryChange, payload -> onRegistryChange.run());
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
