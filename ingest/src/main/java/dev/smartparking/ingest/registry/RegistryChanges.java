package dev.smartparking.ingest.registry;

import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.db.ChannelListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Listens on {@link CatalogueImport#CHANGE_CHANNEL} and drops cached registry entries on every change,
 * whichever process imported it. After a lost connection it drops them too, since
 * notifications sent meanwhile are gone.
 */
public final class RegistryChanges {

  private final ChannelListener listener;

  private RegistryChanges(ChannelListener listener) {
    this.listener = listener;
  }

  /**
   * {@code onChange} runs on every change, and whenever changes may have been missed; completes
   * once listening.
   */
  public static Future<RegistryChanges> follow(Vertx vertx, PgConnectOptions options, Runnable onChange) {
    Promise<Void> listening = Promise.promise();
    ChannelListener listener = new ChannelListener(vertx, options, "registry changes")
        .on(CatalogueImport.CHANGE_CHANNEL, () -> {
          onChange.run();
          listening.tryComplete();
        }, payload -> onChange.run());
    listener.listen();
    return listening.future().map(v -> new RegistryChanges(listener));
  }

  public Future<Void> close() {
    return listener.close();
  }
}
