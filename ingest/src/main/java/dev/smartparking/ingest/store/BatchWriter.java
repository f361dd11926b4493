package dev.smartparking.ingest.store;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.decode.LotStatusReport;
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
 * in a single statement, so a batch is one round trip and one commit. A verdict's future
 * completes only after that commit: the caller acknowledges on it. Batches form by themselves:
 * while the allowed number of batches are in flight, arriving verdicts queue for the next one.
 * Not thread-safe: used from its event loop only, like the connections it serves.
 */
public final class BatchWriter {

  /**
   * Rejections, events and the lot state in one statement. Events are deduplicated by their
   * primary key (device_id, seq, ts); only rows really inserted feed the state, newest device
   * ts per lot, and an older snapshot (back-fill) never overwrites a newer one. Rows are
   * ordered by key so concurrent batches lock in the same order and cannot deadlock.
   */
  static final String WRITE_BATCH = """
      WITH rejected AS (
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        SELECT to_timestamp(received_ms / 1000.0), device_id, topic, qos, reason, detail, payload
        FROM unnest($9::int8[], $10::text[], $11::text[], $12::int2[], $13::text[], $14::text[], $15::bytea[])
             AS r (received_ms, device_id, topic, qos, reason, detail, payload)
      ), inserted AS (
        INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0), lot_id, total, free, closed,
               to_timestamp(received_ms / 1000.0)
        FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[], $5::int4[], $6::int4[], $7::bool[], $8::int8[])
             AS s (device_id, seq, ts_ms, lot_id, total, free, closed, received_ms)
        ORDER BY device_id, seq
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, ts, lot_id, total, free, closed, received_at
      ), newest AS (
        SELECT DISTINCT ON (lot_id) lot_id, total, free, coalesce(closed, false) AS closed, ts,
               max(received_at) OVER (PARTITION BY lot_id) AS seen
        FROM inserted
        ORDER BY lot_id, ts DESC, seq DESC
      ), state AS (
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT lot_id, total, free, closed, ts, seen FROM newest ORDER BY lot_id
        ON CONFLICT (lot_id) DO UPDATE SET
          total = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.total ELSE s.total END,
          free = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.free ELSE s.free END,
          closed = CASE WHEN excluded.observed_at >= s.observed_at THEN excluded.closed ELSE s.closed END,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)
      )
      SELECT device_id, seq FROM inserted""";

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
      pool.preparedQuery(WRITE_BATCH)
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
        LotStatusReport s = (LotStatusReport) pending.verdict();
        // remove(): of two copies in one batch, only the first counts as accepted
        outcome = inserted.remove(new EventKey(s.deviceId(), s.seq())) ? Outcome.ACCEPTED : Outcome.DUPLICATE;
      }
      metrics.message(outcome);
      pending.promise().complete(outcome);
    }
  }

  private record Pending(Verdict verdict, Promise<Outcome> promise) {}

  private record EventKey(String deviceId, long seq) {}
}
