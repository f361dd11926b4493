package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import java.util.LinkedHashSet;
import java.util.function.IntSupplier;

/**
 * One event loop's global bound on messages waiting for storage: when its writer's queue reaches
 * the high mark, every connection of the loop stops being read; once the queue drains to the low
 * mark, they are read again. With each connection also bounded by its in-flight limit, what the
 * server holds stays bounded however far storage falls behind.
 *
 * <p>Resuming a connection hands over at once what Netty read for it before the pause, so with
 * thousands of connections a few resumes can fill the queue again: the rest then stay paused, and
 * the next resume starts with them (connections are resumed in turn, never always the same first).
 *
 * <p>Not thread-safe: used from its event loop only, like the writer and sessions it watches.
 */
final class IntakeThrottle {

  /** A connection whose reading the throttle stops and restarts. */
  interface Reader {
    void storageBehind(boolean behind);
  }

  private final IntSupplier queued;
  private final int highMark;
  private final int lowMark;
  private final IngestMetrics metrics;
  /** In the order they are next resumed: a resumed reader moves to the end. */
  private final LinkedHashSet<Reader> readers = new LinkedHashSet<>();
  private boolean behind;
  private int reportedQueue;

  IntakeThrottle(IntSupplier queued, int highMark, int lowMark, IngestMetrics metrics) {
    if (lowMark >= highMark) {
      throw new IllegalArgumentException("low mark " + lowMark + " must be below high mark " + highMark);
    }
    this.queued = queued;
    this.highMark = highMark;
    this.lowMark = lowMark;
    this.metrics = metrics;
  }

  void add(Reader reader) {
    readers.add(reader);
    reader.storageBehind(behind);
  }

  void remove(Reader reader) {
    readers.remove(reader);
  }

  boolean behind() {
    return behind;
  }

  /** Called whenever the writer's queue may have changed: a message queued, a write completed. */
  void check() {
    int now = queued.getAsInt();
    metrics.writerQueueChanged(now - reportedQueue);
    reportedQueue = now;
    if (!behind && now >= highMark) {
      setBehind(true);
    } else if (behind && now <= lowMark) {
      setBehind(false);
    }
  }

  private void setBehind(boolean value) {
    behind = value;
    metrics.storageBehind(value);
    for (Reader reader : readers.toArray(new Reader[0])) {
      if (behind != value) {
        // A resumed connection's buffered messages reached the high mark (check() ran within
        // storageBehind): everyone is paused again, and the rest wait for the next turn.
        return;
      }
      reader.storageBehind(value);
      if (!value && readers.remove(reader)) {
        readers.add(reader);
      }
    }
  }
}
