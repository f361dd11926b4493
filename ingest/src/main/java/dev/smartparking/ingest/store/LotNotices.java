package dev.smartparking.ingest.store;

import dev.smartparking.db.LotStateChannel;
import dev.smartparking.db.PgClients;
import dev.smartparking.ingest.IngestMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the API's availability views which lots committed batches changed, in
 * {@link LotStateChannel#CHANGED} notifications gathered for {@code ingest.lot-notice-delay} and
 * sent from a connection of their own (V21): a batch transaction that notified held PostgreSQL's
 * notification lock through its commit, and the event loops' writers waited for each other's.
 * With no delay, the V5 trigger notifies in every batch's transaction instead, as it did before.
 *
 * <p>Sent after the commit, a notice can be lost with the process: one killed between a commit
 * and its notice leaves the views without those lots' changes until they report again or an ingest
 * process starts, which asks every view to read all lots again ({@link #resync}).
 * Not thread-safe: used from its event loop only, like the writer that feeds it.
 */
public final class LotNotices {

  private static final Logger LOG = LoggerFactory.getLogger(LotNotices.class);
  static final String NOTIFY = "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload";
  static final String RESYNC = "SELECT pg_notify('" + LotStateChannel.RESYNC + "', '')";
  private static final long RETRY_MS = 1_000;
  /** None sent: the trigger notifies in each batch's transaction. */
  static final LotNotices NONE = new LotNotices(null, null, 0, null);

  private final Pool pool;
  private final Context context;
  private final long delayMs;
  private final IngestMetrics metrics;
  private final Set<String> pending = new LinkedHashSet<>();
  private boolean scheduled;
  private Future<Void> closed;
  private Future<Void> sending = Future.succeededFuture();

  private LotNotices(Pool pool, Context context, long delayMs, IngestMetrics metrics) {
    this.pool = pool;
    this.context = context;
    this.delayMs = delayMs;
    this.metrics = metrics;
  }

  /**
   * Notices sent {@code delay} after the first commit they name, or, with a zero delay, none: the
   * trigger sends them. The first needs {@link #writerOptions} on the writer's connections.
   */
  public static LotNotices start(Context context, PgConnectOptions database, Duration delay, IngestMetrics metrics) {
    if (delay.isZero()) {
      return NONE;
    }
    // Not durable: a notification dies with the server anyway, and every view reads all lots when
    // it listens again. So the commit need not wait for a WAL flush.
    PgConnectOptions options = new PgConnectOptions(database).addProperty("synchronous_commit", "off");
    return new LotNotices(PgClients.pool(context.owner(), options, "ingest-lot-notices", 1), context,
        delay.toMillis(), metrics);
  }

  /** The writer's connection options: with a delay, its transactions leave the notifying to this. */
  public PgConnectOptions writerOptions(PgConnectOptions database) {
    return pool == null ? database : new PgConnectOptions(database).addProperty(LotStateChannel.SESSION_SETTING, "off");
  }

  /**
   * Asks every view to read all lots again, for what a killed process committed and never told of.
   * Sent by a starting ingest process.
   */
  public static Future<Void> resync(Pool pool) {
    return pool.query(RESYNC).execute().mapEmpty();
  }

  /** {@code lotIds} were written by a batch that has committed. */
  void committed(Collection<String> lotIds) {
    if (pool == null || lotIds.isEmpty()) {
      return;
    }
    pending.addAll(lotIds);
    schedule(delayMs);
  }

  private void schedule(long afterMs) {
    if (!scheduled) {
      scheduled = true;
      context.owner().setTimer(afterMs, id -> {
        scheduled = false;
        send();
      });
    }
  }

  /** One notice in flight at a time; what gathers meanwhile goes in the next. */
  private void send() {
    if (closed != null || pending.isEmpty()) {
      return;
    }
    if (!sending.isComplete()) {
      schedule(delayMs);
      return;
    }
    List<String> lots = taken();
    sending = notify(lots)
        .onSuccess(v -> metrics.lotNotice(true))
        .onFailure(e -> {
          metrics.lotNotice(false);
          LOG.warn("Could not tell the availability views of {} changed lots, again in {} ms: {}", lots.size(),
              RETRY_MS, e.toString());
          pending.addAll(lots);
          schedule(RETRY_MS);
        });
  }

  private List<String> taken() {
    List<String> lots = new ArrayList<>(pending);
    pending.clear();
    return lots;
  }

  private Future<Void> notify(List<String> lots) {
    return pool.preparedQuery(NOTIFY)
        .execute(Tuple.tuple().addString(LotStateChannel.CHANGED)
            .addArrayOfString(LotStateChannel.payloads(lots).toArray(String[]::new)))
        .mapEmpty();
  }

  /** Sends what is gathered now (a stopping listener, after its last commit), then closes. Never fails. */
  public Future<Void> close() {
    if (pool == null) {
      return Future.succeededFuture();
    }
    if (closed == null) {
      closed = closing();
    }
    return closed;
  }

  private Future<Void> closing() {
    return sending.transform(v -> pending.isEmpty() ? Future.<Void>succeededFuture() : notify(taken())
            .onFailure(e -> LOG.warn("Could not tell the availability views of changed lots at the stop: {}",
                e.toString())))
        .transform(v -> pool.close());
  }
}
