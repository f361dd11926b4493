package dev.smartparking.ingest.store;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.Accepted;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.Verdict;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Groups the verdicts of every connection on one event loop into batches and writes each batch
 * in a single statement ({@link BatchStatement}), so a batch is one round trip and one commit. A verdict's future
 * completes only after that commit: the caller acknowledges on it. Batches form by themselves:
 * while the allowed number of batches are in flight, arriving verdicts queue for the next one.
 * Not thread-safe: used from its event loop only, like the connections it serves.
 */
public final class BatchWriter {

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
      long started = System.nanoTime();
      pool.preparedQuery(BatchStatement.SQL)
          .execute(BatchRows.of(batch.stream().map(Pending::verdict).toList()))
          .onComplete(result -> {
            inFlight--;
            metrics.batch(batch.size(), System.nanoTime() - started);
            complete(batch, result);
            flush();
          });
    }
  }

  private void complete(List<Pending> batch, AsyncResult<RowSet<Row>> result) {
    if (result.failed()) {
      batch.forEach(p -> p.promise().fail(result.cause()));
      return;
    }
    Set<EventKey> inserted = new HashSet<>();
    result.result().forEach(row -> inserted.add(new EventKey(row.getString(0), row.getLong(1))));
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
