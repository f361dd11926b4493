package dev.smartparking.alarm.delivery;

import java.util.function.LongSupplier;

/**
 * The process-wide rate of webhook calls (alarms.delivery-max-per-second): {@code perSecond}
 * tokens a second, at most one second's worth saved up. A city-wide power cut raises thousands
 * of silent alarms in one sweep; they leave as a steady stream at this rate instead of thousands
 * of calls at once. Used on the dispatcher's context only.
 */
final class TokenBucket {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int perSecond;
  private final LongSupplier nanoTime;
  private double tokens;
  private long refilledAt;

  TokenBucket(int perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.tokens = perSecond;
    this.refilledAt = nanoTime.getAsLong();
  }

  /** Whole tokens available now. */
  int available() {
    refill();
    return (int) tokens;
  }

  void take(int count) {
    refill();
    tokens -= count;
  }

  /** Milliseconds until {@code count} tokens are available (0 if they are). */
  long millisUntil(int count) {
    refill();
    double missing = Math.min(count, perSecond) - tokens;
    return missing <= 0 ? 0 : (long) Math.ceil(missing * 1000.0 / perSecond);
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(perSecond, tokens + (double) (now - refilledAt) * perSecond / NANOS_PER_SECOND);
    refilledAt = now;
  }
}
