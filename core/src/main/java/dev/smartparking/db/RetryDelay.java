package dev.smartparking.db;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before trying again: doubling from a first delay up to a ceiling, each wait drawn
 * at random between half and all of the current delay. The jitter is what matters after a fault
 * that hit everyone at once (a restart, a full disk freed, too many connections): event loops and
 * ingest processes that would otherwise come back in step, and deadlock or exhaust connections
 * again, spread out instead.
 */
public record RetryDelay(long currentMillis, long maxMillis) {

  public RetryDelay {
    if (currentMillis < 1 || maxMillis < currentMillis) {
      throw new IllegalArgumentException("delays must be 1 ms or more, and the ceiling not below the first");
    }
  }

  public static RetryDelay startingAt(long firstMillis, long maxMillis) {
    return new RetryDelay(firstMillis, maxMillis);
  }

  /** The wait this time: between half and all of the current delay. */
  public long jitteredMillis() {
    long half = currentMillis / 2;
    return half + ThreadLocalRandom.current().nextLong(currentMillis - half + 1);
  }

  /** The delay after this one: twice as long, up to the ceiling. */
  public RetryDelay next() {
    return new RetryDelay(Math.min(currentMillis * 2, maxMillis), maxMillis);
  }
}
