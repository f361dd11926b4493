package dev.smartparking.ingest.retention;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the partitioned tables within their windows (docs/storage.md, Retention), in the ingest
 * process: at start-up it makes the partitions ingest needs before devices are let in, then a pass
 * every {@code retention.interval} drops what is past its window and makes what comes next. A pass
 * that left something (a table busy past the lock timeout) is followed by another after a minute.
 */
public final class Retention {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  /** After a pass that left work: long enough for a typical long query to end, short beside a day. */
  private static final Duration RETRY_AFTER = Duration.ofMinutes(1);
  /** At start-up, how often to look again while another process holds the pass... */
  private static final Duration STARTUP_POLL = Duration.ofMillis(250);
  /** ...and for how long, before starting anyway: that process is making the same partitions. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final RetentionPass pass;
  private final Duration interval;
  private volatile Future<PassResult> running = Future.succeededFuture();
  private volatile long timer = -1;
  private volatile boolean closed;

  private Retention(Vertx vertx, RetentionPass pass, Duration interval) {
    this.vertx = vertx;
    this.pass = pass;
    this.interval = interval;
  }

  /** Makes the partitions ingest needs now; the schema must be migrated. */
  public static Future<Retention> start(Vertx vertx, ServerConfig config, MeterRegistry meters) {
    Clock clock = Clock.systemUTC();
    RetentionPass pass = new RetentionPass(vertx, PgClients.connectOptions(config.database()), config.retention(),
        config.ingest().partitionDaysAhead(), new RetentionMetrics(meters, clock), clock);
    Retention retention = new Retention(vertx, pass, config.retention().interval());
    return retention.makePartitions(System.nanoTime() + STARTUP_WAIT.toNanos()).map(retention);
  }

  private Future<Void> makePartitions(long deadlineNanos) {
    return pass.run(false).compose(result -> {
      if (result == PassResult.SKIPPED && System.nanoTime() < deadlineNanos) {
        return vertx.timer(STARTUP_POLL.toMillis(), TimeUnit.MILLISECONDS).compose(v -> makePartitions(deadlineNanos));
      }
      if (result != PassResult.COMPLETE) {
        LOG.warn("Starting with the partitions as they are (pass {}); the next pass tries again", result.tag());
      }
      return Future.succeededFuture();
    });
  }

  /** Starts the passes that drop: the first at once. */
  public void schedule() {
    next(Duration.ZERO);
  }

  private void next(Duration delay) {
    if (closed) {
      return;
    }
    timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
      if (closed) {
        return;
      }
      running = pass.run(true);
      running.onSuccess(result -> next(result == PassResult.COMPLETE || result == PassResult.SKIPPED
          ? interval : min(interval, RETRY_AFTER)));
    });
  }

  /** Stops scheduling; completes when a pass under way has ended (its connection closed, its lock released). */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(timer);
    return running.mapEmpty();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
