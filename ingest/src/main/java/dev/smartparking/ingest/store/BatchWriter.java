package dev.smartparking.ingest.store;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.Accepted;
import dev.smartparking.ingest.decode.ControlCharacters;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the verdicts of every connection on one event loop into batches and writes each batch
 * in a single statement ({@link BatchStatement}), so a batch is one round trip and one commit. A verdict's future
 * completes only after that commit: the caller acknowledges on it. Batches form by themselves:
 * while the allowed number of batches are in flight, arriving verdicts queue for the next one.
 * A batch PostgreSQL refuses for its data is bisected, so only the messages at fault go
 * unacknowledged.
 * Not thread-safe: used from its event loop only, like the connections it serves.
 */
public final class BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  private final Pool pool;
  private final Context context;
  private final int maxMessages;
  private final int maxInFlight;
  private final IngestMetrics metrics;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean flushScheduled;

  public BatchWriter(Pool pool, Context context, int maxMessages, int maxInFlight, IngestMetrics metrics) {
    this.pool = pool;
    this.context = context;
    this.maxMessages = maxMessages;
    this.maxInFlight = maxInFlight;
    this.metrics = metrics;
  }

  /** Succeeds with the outcome once committed; fails if storage failed, and then nothing may be acknowledged. */
  public Future<Outcome> write(Verdict verdict) {
    Promise<Outcome> promise = Promise.promise();
    queue.add(new Pending(verdict, promise));
    if (!flushScheduled) {
      // Deferred to the end of the current event-loop turn, so that the messages of one socket
      // read share a batch instead of each taking a round trip.
      flushScheduled = true;
      context.runOnContext(v -> {
        flushScheduled = false;
        flush();
      });
    }
    return promise.future();
  }

  public int queued() {
    return queue.size();
  }

  private void flush() {
    while (inFlight < maxInFlight && !queue.isEmpty()) {
      List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxMessages));
      while (batch.size() < maxMessages && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      inFlight++;
      execute(batch).onComplete(done -> {
        inFlight--;
        flush();
      });
    }
  }

  /** Writes the batch and completes its verdicts' futures; the returned future never fails. */
  private Future<Void> execute(List<Pending> batch) {
    long started = System.nanoTime();
    return pool.preparedQuery(BatchStatement.SQL)
        .execute(BatchRows.of(batch.stream().map(Pending::verdict).toList()))
        .transform(result -> {
          metrics.batch(batch.size(), System.nanoTime() - started);
          if (result.succeeded()) {
            complete(batch, result.result());
            return Future.succeededFuture();
          }
          if (isDataError(result.cause()) && batch.size() > 1) {
            return bisect(batch);
          }
          fail(batch, result.cause());
          return Future.succeededFuture();
        });
  }

  /**
   * A data error names no message, and the statement is all or nothing: halve the batch until
   * the messages at fault stand alone, so one bad message cannot hold back everyone's. Costs
   * about 2·log2(n) extra round trips, only on this path.
   */
  private Future<Void> bisect(List<Pending> batch) {
    int half = batch.size() / 2;
    return execute(batch.subList(0, half)).compose(v -> execute(batch.subList(half, batch.size())));
  }

  private void fail(List<Pending> batch, Throwable cause) {
    if (isDataError(cause)) {
      // One message PostgreSQL refuses although it passed every check: a gap in the decoders.
      LOG.error("UNSTORABLE message, not acknowledged, its connection closed: {}: {}",
          describe(batch.get(0).verdict()), cause.getMessage());
      metrics.unstorable();
    }
    batch.forEach(p -> p.promise().fail(cause));
  }

  /** SQLSTATE class 22 (data exception) or 23 (integrity violation): the data is at fault, not the connection. */
  private static boolean isDataError(Throwable cause) {
    if (!(cause instanceof DatabaseException db) || db.getSqlState() == null) {
      return false;
    }
    return db.getSqlState().startsWith("22") || db.getSqlState().startsWith("23");
  }

  private static String describe(Verdict verdict) {
    if (verdict instanceof Accepted a) {
      return a.getClass().getSimpleName() + " of " + a.deviceId() + " seq " + a.seq();
    }
    Rejected r = (Rejected) verdict;
    return "rejection (" + r.reason().tag() + ") of " + r.inbound().deviceId() + " on '"
        + ControlCharacters.escaped(r.inbound().topic()) + "'";
  }

  private void complete(List<Pending> batch, RowSet<Row> rows) {
    Set<EventKey> inserted = new HashSet<>();
    rows.forEach(row -> inserted.add(new EventKey(row.getString(0), row.getLong(1))));
    for (Pending pending : batch) {
      Outcome outcome;
      if (pending.verdict() instanceof Rejected r) {
        outcome = r.reason();
      } else {
        Accepted a = (Accepted) pending.verdict();
        // remove(): of two copies in one batch, only the first counts as accepted
        outcome = inserted.remove(new EventKey(a.deviceId(), a.seq())) ? Outcome.ACCEPTED : Outcome.DUPLICATE;
      }
      metrics.message(outcome);
      pending.promise().complete(outcome);
    }
  }

  private record Pending(Verdict verdict, Promise<Outcome> promise) {}

  private record EventKey(String deviceId, long seq) {}
}
