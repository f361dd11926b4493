package dev.smartparking.api.health;

import dev.smartparking.db.StorageFault;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether PostgreSQL answers, asked at most once a second however often readiness is polled: a
 * balancer polling every instance, or someone flooding {@code /health/ready}, costs one query a
 * second. Requests while a ping is out share its answer.
 */
public final class StorageProbe {

  private static final Logger LOG = LoggerFactory.getLogger(StorageProbe.class);
  static final String PING = "SELECT 1";
  static final long TIMEOUT_MS = 1_000;
  static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Pool pool;
  private final LongSupplier nanoTime;
  private Future<String> last;
  private long askedAt;
  private boolean wasUp = true;

  public StorageProbe(Pool pool) {
    this(pool, System::nanoTime);
  }

  StorageProbe(Pool pool, LongSupplier nanoTime) {
    this.pool = pool;
    this.nanoTime = nanoTime;
  }

  /** "up", or "down: " and the kind of fault; never the exception's text, which is for the log. */
  public synchronized Future<String> state() {
    long now = nanoTime.getAsLong();
    if (last == null || now - askedAt >= FRESH_NANOS) {
      askedAt = now;
      last = pool.query(PING).execute()
          .timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .map(rows -> up())
          .otherwise(this::down);
    }
    return last;
  }

  private synchronized String up() {
    wasUp = true;
    return "up";
  }

  private synchronized String down(Throwable failure) {
    if (wasUp) {
      LOG.warn("readiness: PostgreSQL does not answer: {}", failure.toString());
    }
    wasUp = false;
    return "down: storage " + StorageFault.of(failure).name().toLowerCase(Locale.ROOT);
  }
}
