package dev.smartparking.simulator.load;

import java.util.Arrays;

/**
 * The unacknowledged messages of one connection and when each was sent.
 *
 * <p>Packet ids are slot numbers 1..capacity, reused once acknowledged (MQTT only forbids reusing
 * an id still in flight), so every lookup is an array read. Touched only by the connection's event
 * loop, hence no synchronisation.
 */
final class InFlight {

  private static final long FREE = Long.MIN_VALUE;

  private final long[] sentNanos;
  private final boolean[] received;
  private final int[] freeIds;
  private int freeCount;
  private int limit;

  InFlight(int capacity) {
    if (capacity < 1 || capacity > 65_535) {
      throw new IllegalArgumentException("window must be 1..65535, got " + capacity);
    }
    sentNanos = new long[capacity + 1];
    received = new boolean[capacity + 1];
    freeIds = new int[capacity];
    Arrays.fill(sentNanos, FREE);
    // Lowest ids on top of the stack, so a connection with little traffic keeps reusing id 1.
    for (int i = 0; i < capacity; i++) {
      freeIds[i] = capacity - i;
    }
    freeCount = capacity;
    limit = capacity;
  }

  /** Lowers how many may be in flight, e.g. to the server's MQTT 5 receive maximum. */
  void limit(int maximum) {
    limit = Math.max(1, Math.min(maximum, sentNanos.length - 1));
  }

  int limit() {
    return limit;
  }

  int size() {
    return sentNanos.length - 1 - freeCount;
  }

  int room() {
    return Math.max(0, limit - size());
  }

  /** Takes a free packet id for a message sent at {@code nowNanos}; 0 when the window is full. */
  int acquire(long nowNanos) {
    if (room() == 0) {
      return 0;
    }
    int id = freeIds[--freeCount];
    sentNanos[id] = nowNanos;
    received[id] = false;
    return id;
  }

  boolean holds(int id) {
    return id > 0 && id < sentNanos.length && sentNanos[id] != FREE;
  }

  long sentNanos(int id) {
    return sentNanos[id];
  }

  /** QoS 2: marks PUBREC seen; false if it was already (a duplicate PUBREC). */
  boolean markReceived(int id) {
    if (received[id]) {
      return false;
    }
    received[id] = true;
    return true;
  }

  /** Frees {@code id} and returns when its message was sent. Callers check {@link #holds} first. */
  long release(int id) {
    long sent = sentNanos[id];
    sentNanos[id] = FREE;
    freeIds[freeCount++] = id;
    return sent;
  }

  /** Frees every id; returns how many messages were still unacknowledged. */
  int clear() {
    int lost = 0;
    for (int id = 1; id < sentNanos.length; id++) {
      if (sentNanos[id] != FREE) {
        release(id);
        lost++;
      }
    }
    return lost;
  }
}
