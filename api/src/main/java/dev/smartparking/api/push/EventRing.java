package dev.smartparking.api.push;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The newest availability events by sequence number, each number one more than the one before,
 * bounded: what a client reconnecting with Last-Event-ID is sent, if it is not further behind.
 */
final class EventRing {

  private final int capacity;
  private final ArrayDeque<Buffer> frames;
  private long newest;

  EventRing(int capacity) {
    this.capacity = capacity;
    this.frames = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Event {@code seq}, the one after the newest. */
  void add(long seq, Buffer frame) {
    if (seq != newest + 1) {
      throw new IllegalArgumentException("event " + seq + " after " + newest);
    }
    frames.addLast(frame);
    newest = seq;
    if (frames.size() > capacity) {
      frames.removeFirst();
    }
  }

  long newest() {
    return newest;
  }

  /** The events after {@code seq}, oldest first; null when some of them are no longer held or seq is not one sent. */
  List<Buffer> after(long seq) {
    long oldest = newest - frames.size() + 1;
    if (seq > newest || seq < oldest - 1) {
      return null;
    }
    List<Buffer> after = new ArrayList<>((int) (newest - seq));
    Iterator<Buffer> newestFirst = frames.descendingIterator();
    for (long n = newest; n > seq; n--) {
      after.add(newestFirst.next());
    }
    Collections.reverse(after);
    return after;
  }
}
