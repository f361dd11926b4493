package dev.smartparking.alarm.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: after the n-th failed attempt the ceiling is
 * {@code initial * 2^(n-1)}, capped at {@code max}, and the delay is drawn uniformly between zero
 * and the ceiling. The jitter spreads the retries of many deliveries that failed together (a
 * receiver back after an outage) instead of sending them back in one wave.
 */
final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private final RandomGenerator random;

  Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initialMs = initial.toMillis();
    this.maxMs = max.toMillis();
    this.random = random;
  }

  /** The ceiling after {@code failedAttempts} (at least 1) failed attempts. */
  long ceilingMs(int failedAttempts) {
    long ceiling = initialMs;
    // Doubling stops at the cap, so it cannot overflow.
    for (int i = 1; i < failedAttempts && ceiling < maxMs; i++) {
      ceiling *= 2;
    }
    return Math.min(ceiling, maxMs);
  }

  /** The delay before the next attempt after {@code failedAttempts} failed attempts. */
  long delayMs(int failedAttempts) {
    return random.nextLong(ceilingMs(failedAttempts) + 1);
  }
}
