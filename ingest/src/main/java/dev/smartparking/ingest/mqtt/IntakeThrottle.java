package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.store.BatchWriter;
import java.util.HashSet;
import java.util.Set;

/**
 * One event loop's global bound on messages waiting for storage: when its writer's queue reaches
 * the high mark, every connection of the loop stops being read; once the queue drains to the low
 * mark, they are read again. With each connection also bounded by its in-flight limit, what the
 * server holds stays bounded however far storage falls behind.
 *
 * <p>Not thread-safe: used from its event loop only, like the writer and sessions it watches.
 */
final class IntakeThrottle {

  private final BatchWriter writer;
  private final int highMark;
  private final int lowMark;
  private final IngestMetrics metrics;
  private final Set<DeviceSession> sessions = new HashSet<>();
  private boolean behind;
  private int reportedQueue;

  IntakeThrottle(BatchWriter writer, int highMark, int lowMark, IngestMetrics metrics) {
    if (lowMark >= highMark) {
      throw new IllegalArgumentException("low mark " + lowMark + " must be below high mark " + highMark);
    }
    this.writer = writer;
    this.highMark = highMark;
    this.lowMark = lowMark;
    this.metrics = metrics;
  }

  void add(DeviceSession session) {
    sessions.add(session);
    session.storageBehind(behind);
  }

  void remove(DeviceSession session) {
    sessions.remove(session);
  }

  boolean behind() {
    return behind;
  }

  /** Called whenever the writer's queue may have changed: a message queued, a write completed. */
  void check() {
    int queued = writer.queued();
    metrics.writerQueueChanged(queued - reportedQueue);
    reportedQueue = queued;
    if (!behind && queued >= highMark) {
      setBehind(true);
    } else if (behind && queued <= lowMark) {
      setBehind(false);
    }
  }

  private void setBehind(boolean value) {
    behind = value;
    metrics.storageBehind(value);
    sessions.forEach(session -> session.storageBehind(value));
  }
}
