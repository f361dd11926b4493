package dev.smartparking.ingest.store;

import dev.smartparking.db.RetryDelay;
import dev.smartparking.db.StorageFault;
import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.Accepted;
import dev.smartparking.ingest.decode.ControlCharacters;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.Verdict;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups the verdicts of every connection on one event loop into batches and writes each batch
 * in a single statement ({@link BatchStatements}), so a batch is one round trip and one commit. A verdict's future
 * completes only after that commit: the caller acknowledges on it. Batches form by themselves:
 * while the allowed number of batches are in flight, arriving verdicts queue for the next one.
 * A batch PostgreSQL refuses for its data is bisected, so only the messages at fault go
 * unacknowledged. A batch that fails on a transient fault ({@link StorageFault#isTransient()}:
 * storage unreachable, a deadlock, a full disk, a cancelled statement, ...) is sent again, whole,
 * after a growing, jittered back-off, and no new batch starts meanwhile: nothing is acknowledged,
 * newer messages queue behind it until the intake throttle stops reading every connection, and
 * everything proceeds in order once a retry commits.
 * Not thread-safe: used from its event loop only, like the connections it serves.
 */
public final class BatchWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  private static final long FIRST_RETRY_MS = 50;
  private static final long MAX_RETRY_MS = 2_000;
  /** A stopping server cancels a running statement up to this many times, this far apart. */
  private static final int CANCELS = 20;
  private static final long CANCEL_AGAIN_MS = 100;
  private static final String UNIQUE_VIOLATION = "23505";
  /** How long after a batch met a stored event the next ones go straight to the deduplicating statement. */
  private static final long DEDUPLICATING_NS = 1_000_000_000L;

  private final Pool pool;
  private final Context context;
  private final int maxMessages;
  private final int maxInFlight;
  private final IngestMetrics metrics;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;
  private boolean flushScheduled;
  /** Batches waiting to be sent again after a transient fault; while any wait, no new batch starts. */
  private int retrying;
  /** Connections with a batch statement running, and that statement, for {@link #abandon()} to cancel. */
  private final Map<SqlConnection, Future<RowSet<Row>>> running = new HashMap<>();
  private boolean abandoned;
  private long deduplicatingSince = System.nanoTime() - DEDUPLICATING_NS;

  public BatchWriter(Pool pool, Context context, int maxMessages, int maxInFlight, IngestMetrics metrics) {
    this.pool = pool;
    this.context = context;
    this.maxMessages = maxMessages;
    this.maxInFlight = maxInFlight;
    this.metrics = metrics;
  }

  /**
   * Succeeds with the outcome once committed, however long a transient fault lasts; fails on any
   * other storage error, and then nothing may be acknowledged.
   */
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

  /**
   * The server is stopping and waits no longer: statements still running (held by a lock, say) are
   * cancelled, and no batch is sent again or started; every verdict not committed fails, so nothing
   * of it is acknowledged. Completes once every cancelled statement has ended, which the caller
   * must await before closing the pool: closing it closes the connections its cancel requests go
   * out on, and a statement whose cancel never reached PostgreSQL holds the pool's close (and so the
   * undeploy) until it ends by itself. Never fails.
   */
  public Future<Void> abandon() {
    abandoned = true;
    Abandoned cause = new Abandoned();
    while (!queue.isEmpty()) {
      queue.poll().promise().tryFail(cause);
    }
    List<Future<?>> ended = new ArrayList<>(running.size());
    running.forEach((connection, statement) -> {
      ended.add(statement);
      cancelUntilEnded(PgConnection.cast(connection), statement, CANCELS);
    });
    return Future.join(ended).transform(all -> Future.succeededFuture());
  }

  /**
   * PostgreSQL ignores a cancel that reaches it before the statement started (sent, not yet read by
   * its backend): sent again while the statement runs, {@code left} times at most.
   */
  private void cancelUntilEnded(PgConnection connection, Future<?> statement, int left) {
    if (statement.isComplete() || left == 0) {
      return;
    }
    connection.cancelRequest()
        .onFailure(e -> LOG.warn("Could not cancel a batch statement for the stop: {}", e.toString()))
        .onComplete(sent -> context.owner().setTimer(CANCEL_AGAIN_MS,
            id -> cancelUntilEnded(connection, statement, left - 1)));
  }

  private void flush() {
    while (!abandoned && retrying == 0 && inFlight < maxInFlight && !queue.isEmpty()) {
      List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxMessages));
      while (batch.size() < maxMessages && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      inFlight++;
      execute(batch).onComplete(written -> {
        inFlight--;
        // The next batch leaves before this one's callers are answered: PostgreSQL works on it
        // while this event loop writes the acknowledgements, instead of waiting for them.
        try {
          flush();
        } finally {
          settle(batch, written);
        }
      });
    }
  }

  /** execute() does not fail; should a bug make it, nothing of the batch may be acknowledged. */
  private static void settle(List<Pending> batch, AsyncResult<Runnable> written) {
    if (written.succeeded()) {
      written.result().run();
    } else {
      batch.forEach(p -> p.promise().tryFail(written.cause()));
    }
  }

  /**
   * Writes the batch; the returned future never fails, and its result completes the verdicts'
   * futures when run.
   */
  private Future<Runnable> execute(List<Pending> batch) {
    return attempt(batch, false, RetryDelay.startingAt(FIRST_RETRY_MS, MAX_RETRY_MS));
  }

  /** {@code held}: an earlier attempt met a transient fault, and this batch still counts as retrying. */
  private Future<Runnable> attempt(List<Pending> batch, boolean held, RetryDelay retryDelay) {
    long started = System.nanoTime();
    return pool.withConnection(connection -> write(connection, batch))
        .transform(result -> {
          if (!result.succeeded() && StorageFault.of(result.cause()).isTransient() && !abandoned) {
            return retryLater(batch, held, retryDelay, result.cause());
          }
          // Only attempts PostgreSQL answered: a refused connection says nothing of batch sizes or commit times.
          metrics.batch(batch.size(), System.nanoTime() - started);
          if (held) {
            release();
          }
          if (result.succeeded()) {
            Written written = result.result();
            return Future.succeededFuture(() -> complete(batch, written));
          }
          if (StorageFault.of(result.cause()) == StorageFault.DATA && batch.size() > 1) {
            return bisect(batch);
          }
          Throwable cause = result.cause();
          return Future.succeededFuture(() -> fail(batch, cause));
        });
  }

  /**
   * The optimistic statement first, which stores every event; should one be stored already (a
   * retransmission), it fails whole with unique_violation, and the deduplicating statement follows
   * on the same connection. For a while after such a failure batches go straight to the
   * deduplicating one: a reconnecting crowd retransmits in many batches at once.
   */
  private Future<Written> write(SqlConnection connection, List<Pending> batch) {
    BatchStatements.Bound bound = BatchStatements.INGEST.bind(batch.stream().map(Pending::verdict).toList());
    if (System.nanoTime() - deduplicatingSince < DEDUPLICATING_NS) {
      return run(connection, bound.deduplicating(), bound).map(rows -> new Written(rows, true));
    }
    return run(connection, bound.sql(), bound)
        .map(rows -> new Written(rows, false))
        .recover(e -> {
          if (!UNIQUE_VIOLATION.equals(StorageFault.sqlState(e))) {
            return Future.failedFuture(e);
          }
          if (abandoned) {
            // Not a data fault to bisect: the deduplicating statement would only start after shutdown began.
            return Future.failedFuture(new Abandoned());
          }
          deduplicatingSince = System.nanoTime();
          metrics.batchDeduplicated();
          return run(connection, bound.deduplicating(), bound).map(rows -> new Written(rows, true));
        });
  }

  private Future<RowSet<Row>> run(SqlConnection connection, String sql, BatchStatements.Bound bound) {
    Future<RowSet<Row>> statement = connection.preparedQuery(sql).execute(bound.parameters());
    running.put(connection, statement);
    return statement.andThen(done -> running.remove(connection));
  }

  /**
   * A transient fault: the batch is sent again, whole, after the delay, which doubles up to
   * {@link #MAX_RETRY_MS}, each wait drawn between half and all of it so that event loops and
   * processes hit by the same fault do not come back in step. Sending it again is safe even if its
   * COMMIT went through before the connection died: the optimistic statement then fails on the
   * first stored event and the deduplicating one drops every event whose primary key is already
   * stored, so each is written once (and then reported as a duplicate, which is
   * acknowledged all the same). After a deadlock, a serialization failure or a cancel the statement
   * was rolled back whole, and nothing of it is stored yet.
   */
  private Future<Runnable> retryLater(List<Pending> batch, boolean held, RetryDelay delay, Throwable cause) {
    if (!held && retrying++ == 0) {
      metrics.storageRetrying(true);
    }
    metrics.batchRetried();
    long waitMs = delay.jitteredMillis();
    LOG.warn("Storage failed transiently, batch of {} messages held, sent again in {} ms: {}", batch.size(), waitMs,
        cause.toString());
    Promise<Runnable> sent = Promise.promise();
    context.owner().setTimer(waitMs, id -> {
      if (abandoned) {
        release();
        sent.complete(() -> fail(batch, new Abandoned()));
      } else {
        attempt(batch, true, delay.next()).onComplete(sent);
      }
    });
    return sent.future();
  }

  private void release() {
    if (--retrying == 0) {
      metrics.storageRetrying(false);
    }
  }

  /**
   * A data error names no message, and the statement is all or nothing: halve the batch until
   * the messages at fault stand alone, so one bad message cannot hold back everyone's. Costs
   * about 2·log2(n) extra round trips, only on this path.
   */
  private Future<Runnable> bisect(List<Pending> batch) {
    int half = batch.size() / 2;
    return execute(batch.subList(0, half)).compose(first -> {
      // answered now: the second half may wait out an outage
      first.run();
      return execute(batch.subList(half, batch.size()));
    });
  }

  private void fail(List<Pending> batch, Throwable cause) {
    if (StorageFault.of(cause) == StorageFault.DATA) {
      // One message PostgreSQL refuses although it passed every check: a gap in the decoders.
      LOG.error("UNSTORABLE message, not acknowledged, its connection closed: {}: {}",
          describe(batch.get(0).verdict()), cause.getMessage());
      metrics.unstorable();
    }
    batch.forEach(p -> p.promise().fail(cause));
  }

  private static String describe(Verdict verdict) {
    if (verdict instanceof Accepted a) {
      return a.getClass().getSimpleName() + " of " + a.deviceId() + " seq " + a.seq();
    }
    Rejected r = (Rejected) verdict;
    return "rejection (" + r.reason().tag() + ") of " + r.inbound().deviceId() + " on '"
        + ControlCharacters.escaped(r.inbound().topic()) + "'";
  }

  private void complete(List<Pending> batch, Written written) {
    Set<EventKey> inserted = new HashSet<>();
    for (Row row : written.rows()) {
      // the statement's answer: a stored message (device_id, seq), or an alarm event (event, type)
      if (row.getString(0) != null) {
        inserted.add(new EventKey(row.getString(0), row.getLong(1)));
      } else {
        metrics.coverAlarmEvent(row.getString(2), row.getString(3));
      }
    }
    for (Pending pending : batch) {
      Outcome outcome;
      if (pending.verdict() instanceof Rejected r) {
        outcome = r.reason();
      } else {
        Accepted a = (Accepted) pending.verdict();
        // remove(): of two copies in one batch, only the first counts as accepted; the optimistic
        // statement committed only if it stored every event
        outcome = !written.deduplicated() || inserted.remove(new EventKey(a.deviceId(), a.seq()))
            ? Outcome.ACCEPTED : Outcome.DUPLICATE;
      }
      metrics.message(outcome);
      pending.promise().complete(outcome);
    }
  }

  /** What a verdict fails with when the stopping server gave up waiting for its commit. */
  private static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the server stopped before the batch committed", null, false, false);
    }
  }

  private record Pending(Verdict verdict, Promise<Outcome> promise) {}

  /** A committed batch's answer, and whether the deduplicating statement gave it. */
  private record Written(RowSet<Row> rows, boolean deduplicated) {}

  private record EventKey(String deviceId, long seq) {}
}
