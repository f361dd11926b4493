package dev.smartparking.simulator.device;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A device's {@code seq} counter, started from wall-clock epoch milliseconds × 1000.
 *
 * <p>That keeps it increasing across runs without stored state, as long as a device sends fewer
 * than 1000 messages per millisecond of running time; the values (~1.8e15) stay below 2^53, so
 * they survive JSON parsers that read numbers as doubles.
 */
public final class SequenceNumbers {

  private final AtomicLong next;

  private SequenceNumbers(long first) {
    this.next = new AtomicLong(first);
  }

  public static SequenceNumbers startingAt(long first) {
    if (first < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + first);
    }
    return new SequenceNumbers(first);
  }

  public static SequenceNumbers fromWallClock(long epochMillis) {
    return startingAt(Math.multiplyExact(epochMillis, 1000L));
  }

  public long next() {
    return next.getAndIncrement();
  }
}
