package dev.smartparking.ingest.registry;

import dev.smartparking.catalog.CatalogueImport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on {@link CatalogueImport#CHANGE_CHANNEL} and drops cached registry entries on every change,
 * whichever process imported it. After a lost connection it drops them too, since
 * notifications sent meanwhile are gone.
 */
public final class RegistryChanges {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryChanges.class);
  private static final long RECONNECT_DELAY_MS = 1_000;

  private final PgSubscriber subscriber;

  private RegistryChanges(PgSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  /** {@code onChange} runs on every change, and whenever changes may have been missed. */
  public static Future<RegistryChanges> follow(Vertx vertx, PgConnectOptions options, Runnable onChange) {
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, options)
        .reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
    subscriber.channel(CatalogueImport.CHANGE_CHANNEL)
        .subscribeHandler(v -> onChange.run())
        .handler(payload -> onChange.run());
    subscriber.closeHandler(v -> LOG.warn("Registry change listener closed"));
    return subscriber.connect().map(v -> new RegistryChanges(subscriber));
  }

  public Future<Void> close() {
    return subscriber.close();
  }
}
