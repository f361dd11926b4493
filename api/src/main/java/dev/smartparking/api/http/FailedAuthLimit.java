package dev.smartparking.api.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address for failed bearer authentications: {@link #BURST} bad tokens,
 * then one more every {@link #REFILL_NANOS}. An address whose bucket is empty is refused before its
 * token is even looked at, or guessing would go on at the refill rate with an answer for each
 * guess. At most {@link #MAX_ADDRESSES} buckets are kept, the least recently used going first: an
 * attacker with many addresses can push a bucket out, but memory stays bounded.
 */
public final class FailedAuthLimit {

  public static final int BURST = 10;
  static final long REFILL_NANOS = 6_000_000_000L;
  static final int MAX_ADDRESSES = 10_000;

  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  FailedAuthLimit(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Whole seconds until {@code address} may try again, or 0 when it may now. */
  synchronized long retryAfterSeconds(String address) {
    Bucket bucket = buckets.get(address);
    if (bucket == null) {
      return 0;
    }
    bucket.refill(nanoTime.getAsLong());
    return bucket.tokens >= 1 ? 0 : (long) Math.ceil((1 - bucket.tokens) * REFILL_NANOS / 1e9);
  }

  /** Spends one of {@code address}'s tries. */
  synchronized void failed(String address) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(address, a -> new Bucket(BURST, now));
    bucket.refill(now);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  /** Tries left and when they were last topped up. */
  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    void refill(long now) {
      tokens = Math.min(BURST, tokens + (double) (now - at) / REFILL_NANOS);
      at = now;
    }
  }
}
