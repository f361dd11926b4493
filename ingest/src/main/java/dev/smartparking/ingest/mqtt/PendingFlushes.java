package dev.smartparking.ingest.mqtt;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The connections of one event loop that hold written, unflushed acknowledgements, flushed once
 * at the end of the event-loop turn. A batch commit releases the acknowledgements of many messages
 * of each connection at once; flushing each one is a system call apiece, which under loopback load
 * cost about a third of the server's CPU.
 * Not thread-safe: used from its event loop only.
 */
final class PendingFlushes {

  private final Context context;
  private List<AckSequencer> pending = new ArrayList<>();

  PendingFlushes(Context context) {
    this.context = context;
  }

  /** Called once per connection and turn, by its first unflushed write. */
  void add(AckSequencer acks) {
    if (pending.isEmpty()) {
      context.runOnContext(v -> flush());
    }
    pending.add(acks);
  }

  private void flush() {
    // Swapped out first, so that a later turn schedules its own flush whatever happens here.
    List<AckSequencer> flushing = pending;
    pending = new ArrayList<>();
    for (AckSequencer acks : flushing) {
      acks.flush();
    }
  }
}
