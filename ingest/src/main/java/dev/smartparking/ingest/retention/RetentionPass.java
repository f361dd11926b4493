package dev.smartparking.ingest.retention;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.partition.Partition;
import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.TimePartitions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the partitioned tables, on a connection of its own: drops what is past its
 * window (when asked to) and makes what is missing ahead, as {@link PartitionPlan} says. One
 * process at a time: the pass holds a session advisory lock, and a process that finds it taken
 * leaves the pass to the one holding it. Every statement gives up after {@link #LOCK_TIMEOUT}
 * rather than queue behind a long query; what it left is done by a later pass.
 */
final class RetentionPass {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPass.class);
  /** The advisory lock a pass holds, for as long as its connection is open: also when the process dies mid-pass. */
  static final String PASS_LOCK = "hashtext('smartparking.retention')";
  static final String ONE_PASS_AT_A_TIME = "SELECT pg_try_advisory_lock(" + PASS_LOCK + ")";
  /**
   * No statement of a pass blocks ingest while it waits (see {@link TimePartitions}), but one
   * that waits holds its own lock on the parent all the while (a concurrent detach: SHARE UPDATE
   * EXCLUSIVE), in front of other maintenance; and a pass should finish. A second is more than an
   * ingest batch holds its locks and less than an API query that holds a partition for long.
   */
  static final String LOCK_TIMEOUT = "1s";
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final ServerConfig.Retention retention;
  private final int daysAhead;
  private final RetentionMetrics metrics;
  private final Clock clock;

  RetentionPass(Vertx vertx, PgConnectOptions options, ServerConfig.Retention retention, int daysAhead,
      RetentionMetrics metrics, Clock clock) {
    this.vertx = vertx;
    this.options = new PgConnectOptions(options)
        .addProperty("lock_timeout", LOCK_TIMEOUT)
        .addProperty("application_name", "smartparking-retention");
    this.retention = retention;
    this.daysAhead = daysAhead;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** One pass; {@code dropping} false only makes partitions (at start-up, before devices are let in). */
  Future<PassResult> run(boolean dropping) {
    return PgConnection.connect(vertx, options)
        .compose(connection -> runOn(connection, dropping).eventually(connection::close))
        .recover(e -> {
          LOG.warn("Retention pass failed: {}", e.getMessage());
          return Future.succeededFuture(PassResult.FAILED);
        })
        .onSuccess(metrics::passed);
  }

  private Future<PassResult> runOn(PgConnection connection, boolean dropping) {
    return connection.query(ONE_PASS_AT_A_TIME).execute()
        .map(rows -> rows.iterator().next().getBoolean(0))
        .compose(locked -> {
          if (!locked) {
            return Future.succeededFuture(PassResult.SKIPPED);
          }
          AtomicBoolean leftSome = new AtomicBoolean();
          return TimePartitions.list(connection)
              .map(existing -> PartitionPlan.of(existing, clock.instant(), retention, daysAhead))
              .compose(plan -> (dropping ? dropExpired(connection, plan, leftSome) : Future.<Void>succeededFuture())
                  .compose(v -> createMissing(connection, plan, leftSome)))
              .compose(v -> TimePartitions.list(connection))
              .map(after -> {
                metrics.partitions(after);
                return leftSome.get() ? PassResult.INCOMPLETE : PassResult.COMPLETE;
              });
        });
  }

  /** Each table in turn. */
  private Future<Void> dropExpired(PgConnection connection, PartitionPlan plan, AtomicBoolean leftSome) {
    Future<Void> chain = Future.succeededFuture();
    for (PartitionedTable table : PartitionedTable.values()) {
      List<Partition> expired = plan.expired().stream().filter(p -> p.table() == table).toList();
      chain = chain.compose(v -> dropExpired(connection, expired, leftSome));
    }
    return chain;
  }

  /** One table's, oldest first; stops at the first failure, as the rest would wait the same. */
  private Future<Void> dropExpired(PgConnection connection, List<Partition> expired, AtomicBoolean leftSome) {
    Future<Boolean> chain = Future.succeededFuture(true);
    for (Partition partition : expired) {
      chain = chain.compose(going -> !going ? Future.succeededFuture(false)
          : attempt(remove(connection, partition), "drop partition " + partition.name(), leftSome));
    }
    return chain.mapEmpty();
  }

  /**
   * Detached first, concurrently: PostgreSQL marks it gone for new queries at once, then waits for
   * the transactions that still see it. When that wait runs past the lock timeout the detach stays
   * pending, and a later pass finishes it.
   */
  private Future<Void> remove(PgConnection connection, Partition partition) {
    long started = System.nanoTime();
    long[] detached = new long[1];
    return (partition.detaching() ? TimePartitions.finishDetach(connection, partition)
        : TimePartitions.detach(connection, partition))
        .compose(v -> {
          detached[0] = System.nanoTime();
          return TimePartitions.drop(connection, partition);
        })
        .onSuccess(v -> {
          metrics.dropped(partition.table());
          long done = System.nanoTime();
          LOG.info("Dropped partition {} (rows before {}, past the table's window): detached in {} ms, dropped in {} ms",
              partition.name(), partition.to(), (detached[0] - started) / 1_000_000, (done - detached[0]) / 1_000_000);
        });
  }

  private Future<Void> createMissing(PgConnection connection, PartitionPlan plan, AtomicBoolean leftSome) {
    Future<Void> chain = Future.succeededFuture();
    for (PartitionPlan.Missing missing : plan.missing()) {
      chain = chain.compose(v -> attempt(TimePartitions.create(connection, missing.table(), missing.start()),
          "create the partition of " + missing.table().table() + " from " + missing.start(), leftSome).mapEmpty());
    }
    if (!plan.missing().isEmpty()) {
      chain = chain.onSuccess(v -> LOG.info("Retention pass: {} partitions to make", plan.missing().size()));
    }
    return chain;
  }

  /** Whether {@code step} succeeded; a failure is logged and left for a later pass. */
  private static Future<Boolean> attempt(Future<Void> step, String what, AtomicBoolean leftSome) {
    return step.map(true).recover(e -> {
      leftSome.set(true);
      if (e instanceof PgException pg && LOCK_NOT_AVAILABLE.equals(pg.getSqlState())) {
        LOG.info("Could not {} within the lock timeout ({}): the table is busy, a later pass tries again", what,
            LOCK_TIMEOUT);
      } else {
        LOG.warn("Could not {}: {}", what, e.getMessage());
      }
      return Future.succeededFuture(false);
    });
  }
}
