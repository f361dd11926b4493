package dev.smartparking.api.replica;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * Where a read that tolerates seconds of staleness goes: the standby while it is no further behind
 * than the bound, else the primary, so an answer is never staler than the bound (and never missing
 * because the standby is away). Without a standby, always the primary.
 */
public final class ReadPools {

  private final Pool primary;
  private final Pool standby;
  private final ReplicaLag lag;
  private final double maxLagSeconds;
  private final Counter fromStandby;
  private final Counter fromPrimary;

  private ReadPools(Pool primary, Pool standby, ReplicaLag lag, Duration maxLag, MeterRegistry meters) {
    this.primary = primary;
    this.standby = standby;
    this.lag = lag;
    this.maxLagSeconds = maxLag.toMillis() / 1000.0;
    this.fromStandby = reads(meters, "replica");
    this.fromPrimary = reads(meters, "primary");
    if (lag != null) {
      Gauge.builder("smartparking.api.replica.lag", lag, ReplicaLag::seconds).baseUnit("seconds")
          .description("how far the standby is behind the primary (NaN: unknown)").register(meters);
    }
  }

  /** Every read from the primary. */
  public static ReadPools primaryOnly(Pool primary, MeterRegistry meters) {
    return new ReadPools(primary, null, null, Duration.ZERO, meters);
  }

  /** Lag-tolerant reads from {@code standby} while {@code lag} is within {@code maxLag}. */
  public static ReadPools withStandby(Pool primary, Pool standby, ReplicaLag lag, Duration maxLag,
      MeterRegistry meters) {
    return new ReadPools(primary, standby, lag, maxLag, meters);
  }

  private static Counter reads(MeterRegistry meters, String pool) {
    return Counter.builder("smartparking.api.reads").tag("pool", pool)
        .description("lag-tolerant reads of the API (history, reports, audit lists) by the pool that served them")
        .register(meters);
  }

  /** The pool for one lag-tolerant read, chosen now. */
  public Pool pool() {
    double seconds = lag == null ? Double.NaN : lag.seconds();
    if (seconds <= maxLagSeconds) {
      fromStandby.increment();
      return standby;
    }
    fromPrimary.increment();
    return primary;
  }
}
