package dev.smartparking.api.replica;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How far the standby is behind the primary, measured every second: the primary's WAL position is
 * sampled with its time, and the standby is as old as the newest sample it has replayed (rounded
 * up to the sampling, never down: a bound must not be flattering). Unlike the time since the last
 * replayed transaction, this stays near 0 on an idle city, and it needs no clock shared between
 * the two servers. A standby that was promoted is a primary: 0.
 */
public final class ReplicaLag extends VerticleBase {

  static final String PRIMARY_POSITION = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint AS position";
  static final String STANDBY_POSITION = """
      SELECT pg_is_in_recovery() AS standby, (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS replayed""";
  static final long INTERVAL_MS = 1_000;
  /** A measure older than this is no measure: the standby or the primary stopped answering. */
  static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(3);
  private static final int MAX_SAMPLES = 600;

  private record Sample(long nanos, long position) {}

  private final Pool primary;
  private final Pool standby;
  private final LongSupplier nanoTime;
  private final Deque<Sample> samples = new ArrayDeque<>();
  private volatile double lagSeconds = Double.NaN;
  private volatile long measuredAt;
  private long timer = -1;

  public ReplicaLag(Pool primary, Pool standby) {
    this(primary, standby, System::nanoTime);
  }

  ReplicaLag(Pool primary, Pool standby, LongSupplier nanoTime) {
    this.primary = primary;
    this.standby = standby;
    this.nanoTime = nanoTime;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(0, INTERVAL_MS, id -> measure());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** Seconds behind, or NaN while unknown (never measured, or not within the last few seconds). */
  public double seconds() {
    return nanoTime.getAsLong() - measuredAt <= FRESH_NANOS ? lagSeconds : Double.NaN;
  }

  private void measure() {
    long now = nanoTime.getAsLong();
    primary.query(PRIMARY_POSITION).execute()
        .map(rows -> rows.iterator().next().getLong("position"))
        .onSuccess(position -> sample(now, position))
        .compose(position -> standby.query(STANDBY_POSITION).execute())
        .map(rows -> rows.iterator().next())
        .onSuccess(row -> judge(now, row));
  }

  void sample(long now, long position) {
    samples.addLast(new Sample(now, position));
    while (samples.size() > MAX_SAMPLES) {
      samples.removeFirst();
    }
  }

  private void judge(long now, Row row) {
    Long replayed = row.getLong("replayed");
    if (!row.getBoolean("standby")) {
      record(now, 0);
    } else if (replayed != null) {
      record(now, behind(now, replayed));
    }
  }

  /**
   * Seconds since the newest sampled primary position the standby has replayed (older samples are
   * dropped); if it has replayed none, at least as long as the oldest sample is old.
   */
  double behind(long now, long replayed) {
    Sample newestReplayed = null;
    while (!samples.isEmpty() && samples.peekFirst().position() <= replayed) {
      newestReplayed = samples.removeFirst();
    }
    if (newestReplayed != null) {
      samples.addFirst(newestReplayed);
      return Math.max(0, now - newestReplayed.nanos()) / 1e9;
    }
    return samples.isEmpty() ? 0 : (now - samples.peekFirst().nanos()) / 1e9;
  }

  private void record(long now, double seconds) {
    lagSeconds = seconds;
    measuredAt = now;
  }
}
