package dev.smartparking.ingest.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;

/**
 * Discards of the sessions devices kept from before, many devices a statement: every clean
 * CONNECT asks for one, and a city reconnecting at once (2,000 CONNECTs a second) made a statement
 * each, more than the registry pool's wait queue holds; each refused one retried on its own every
 * second, so the retries kept the queue full and every registry read waited behind them. Here the
 * devices asked for within {@link #LINGER_MS} go in one statement, and a failed statement is
 * retried whole.
 */
final class SessionDiscards {

  /** A clean CONNECT that keeps nothing: only sessions kept from before go. */
  static final String DISCARD = "DELETE FROM mqtt_sessions WHERE device_id = ANY($1)";
  /** How long a discard waits for others to join its statement: far below a device's reconnect time. */
  static final long LINGER_MS = 20;
  static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  private final Pool pool;
  /** The discards asked for since the last statement went, by device. */
  private Map<String, Promise<Void>> waiting = new HashMap<>();

  SessionDiscards(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** From any thread: done once a statement deleted the device's kept session, if any (retried until one does). */
  Future<Void> discard(String deviceId) {
    synchronized (this) {
      if (waiting.isEmpty()) {
        vertx.setTimer(LINGER_MS, id -> send());
      }
      return waiting.computeIfAbsent(deviceId, d -> Promise.promise()).future();
    }
  }

  private void send() {
    Map<String, Promise<Void>> batch;
    synchronized (this) {
      batch = waiting;
      waiting = new HashMap<>();
    }
    send(batch);
  }

  private void send(Map<String, Promise<Void>> batch) {
    pool.preparedQuery(DISCARD).execute(Tuple.of(batch.keySet().toArray(String[]::new)))
        .onSuccess(deleted -> batch.values().forEach(Promise::complete))
        .onFailure(e -> vertx.setTimer(RETRY_MS, id -> send(batch)));
  }
}
