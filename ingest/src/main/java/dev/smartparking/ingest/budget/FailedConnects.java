package dev.smartparking.ingest.budget;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many refused logins (unknown device, wrong secret, wrong client id) each source address may
 * cause: a token bucket per address holding {@code perMinute}, refilled at that rate. An address
 * with an empty bucket has every CONNECT refused before its credentials are looked at, so guessing
 * secrets from one address is slow whatever the guesses cost.
 *
 * <p>One per ingest process, shared by its event loops. At most {@code maxAddresses} buckets are
 * kept, the least recently used dropped first: a flood from many addresses costs bounded memory,
 * and a dropped address only starts again with a full bucket.
 */
public final class FailedConnects {

  private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int perMinute;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets;

  /** {@code nanoTime}: a monotonic clock, {@code System::nanoTime} but in tests. */
  public FailedConnects(int perMinute, int maxAddresses, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanoTime = nanoTime;
    this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxAddresses;
      }
    };
  }

  /** Tokens left, as of {@code at}. */
  private static final class Bucket {
    double tokens;
    long at;
  }

  /** Whether a CONNECT from {@code address} may be looked at: its bucket is not empty. */
  public synchronized boolean allows(String address) {
    Bucket bucket = buckets.get(address);
    return bucket == null || refill(bucket) >= 1;
  }

  /** One refused login from {@code address}. */
  public synchronized void spend(String address) {
    Bucket bucket = buckets.get(address);
    if (bucket == null) {
      bucket = new Bucket();
      bucket.tokens = perMinute;
      bucket.at = nanoTime.getAsLong();
      buckets.put(address, bucket);
    }
    refill(bucket);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  /** Addresses with a bucket kept. */
  public synchronized int tracked() {
    return buckets.size();
  }

  private double refill(Bucket bucket) {
    long now = nanoTime.getAsLong();
    bucket.tokens = Math.min(perMinute, bucket.tokens + (double) (now - bucket.at) * perMinute / MINUTE_NANOS);
    bucket.at = now;
    return bucket.tokens;
  }
}
