package dev.smartparking.ingest.store;

import dev.smartparking.db.LotStateChannel;
import dev.smartparking.ingest.IngestMetrics;
import io.vertx.core.Future;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the API's availability views which lots a batch wrote: a {@link LotStateChannel#CHANGED}
 * notification in a transaction of its own, sent on the writer's connection right behind the batch
 * statement (pipelined: nothing waits for it), so PostgreSQL runs it as soon as the batch's
 * transaction has ended. The batch's transaction notifies nothing (V21): one that notifies holds a
 * database-wide lock through its commit, WAL flush included, so the event loops' writers committed
 * one after the other. A notification-only transaction writes no WAL before its commit record, and
 * PostgreSQL does not wait for a flush to commit it.
 *
 * <p>Told apart from the commit, a notice can be lost: a process killed between sending the batch
 * and its notice, or a notice that fails on its own. The views then lack those lots' changes until
 * they report again or an ingest process starts, which asks every view to read all lots again
 * ({@link #resync}). With {@code ingest.lot-notices-in-batch}, the V5 trigger notifies in every
 * batch's transaction instead, as before V21.
 */
public final class LotNotices {

  private static final Logger LOG = LoggerFactory.getLogger(LotNotices.class);
  static final String NOTIFY = "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload";
  static final String RESYNC = "SELECT pg_notify('" + LotStateChannel.RESYNC + "', '')";
  /** None sent: the trigger notifies in each batch's transaction. */
  static final LotNotices IN_BATCH = new LotNotices(null);

  private final IngestMetrics metrics;

  private LotNotices(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  /** Notices behind each batch statement, or, {@code inBatch}, none: the trigger sends them. */
  public static LotNotices of(boolean inBatch, IngestMetrics metrics) {
    return inBatch ? IN_BATCH : new LotNotices(metrics);
  }

  /** The writer's connection options: its batch transactions leave the notifying to this. */
  public PgConnectOptions writerOptions(PgConnectOptions database) {
    return this == IN_BATCH ? database
        : new PgConnectOptions(database).addProperty(LotStateChannel.SESSION_SETTING, "off");
  }

  /**
   * Asks every view to read all lots again, for what a killed process committed and never told of.
   * Sent by a starting ingest process.
   */
  public static Future<Void> resync(Pool pool) {
    return pool.query(RESYNC).execute().mapEmpty();
  }

  /**
   * Names {@code lotIds} on {@code connection}, queued behind the statement just sent there that
   * may have written them. Whether that statement committed does not matter: a view reads the
   * lots again, and one unchanged moves nothing.
   */
  void follow(SqlConnection connection, Collection<String> lotIds) {
    if (this == IN_BATCH || lotIds.isEmpty()) {
      return;
    }
    connection.preparedQuery(NOTIFY)
        .execute(Tuple.tuple().addString(LotStateChannel.CHANGED)
            .addArrayOfString(LotStateChannel.payloads(lotIds).toArray(String[]::new)))
        .onSuccess(sent -> metrics.lotNotice(true))
        .onFailure(e -> {
          metrics.lotNotice(false);
          LOG.warn("Could not tell the availability views of {} changed lots; they follow them at their next report: {}",
              lotIds.size(), e.toString());
        });
  }
}
