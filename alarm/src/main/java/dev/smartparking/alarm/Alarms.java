package dev.smartparking.alarm;

import dev.smartparking.alarm.delivery.DeliveryMetrics;
import dev.smartparking.alarm.delivery.Dispatcher;
import dev.smartparking.alarm.metrics.AlarmGauges;
import dev.smartparking.alarm.sweep.SilentSweep;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alarm work of one process (docs/alarms.md): the webhook dispatcher, the silent sweep every
 * alarms.sweep-interval and the alarm gauges every few seconds, on a small pool of their own so
 * that none of it waits for, or holds, ingest's or the API's connections. Any number of processes
 * may run it at once: they share the deliveries and take turns at the sweep.
 */
public final class Alarms {

  private static final Logger LOG = LoggerFactory.getLogger(Alarms.class);
  /** Claims, result records, the sweep and the gauge query; the calls themselves hold none. */
  private static final int POOL_SIZE = 4;
  private static final long GAUGE_REFRESH_MS = 5_000;

  private final Vertx vertx;
  private final Pool pool;
  private final String dispatcherDeployment;
  private final long sweepTimer;
  private final long gaugeTimer;

  private Alarms(Vertx vertx, Pool pool, String dispatcherDeployment, long sweepTimer, long gaugeTimer) {
    this.vertx = vertx;
    this.pool = pool;
    this.dispatcherDeployment = dispatcherDeployment;
    this.sweepTimer = sweepTimer;
    this.gaugeTimer = gaugeTimer;
  }

  /** The schema must already be migrated. Starts even while PostgreSQL is unreachable, and catches up. */
  public static Future<Alarms> start(Vertx vertx, ServerConfig config, MeterRegistry meters) {
    Pool pool = PgClients.pool(vertx, connectOptions(config.database()), "alarms", POOL_SIZE);
    SilentSweep sweep = new SilentSweep(pool, meters);
    AlarmGauges gauges = new AlarmGauges(pool, meters);
    Dispatcher dispatcher = new Dispatcher(pool, PgClients.connectOptions(config.database()), config.alarms(),
        new DeliveryMetrics(meters), Clock.systemUTC());
    return vertx.deployVerticle(dispatcher)
        .map(deployment -> new Alarms(vertx, pool, deployment,
            every(vertx, config.alarms().sweepInterval().toMillis(), "silent sweep", sweep::run),
            every(vertx, GAUGE_REFRESH_MS, "alarm gauges", gauges::refresh)))
        .onFailure(e -> pool.close());
  }

  /**
   * The usual connection options, planning every statement with its parameters each time
   * (plan_cache_mode, sent at connection start). The claim's best plan depends on how many
   * deliveries are pending, which swings from none to a whole city's in one sweep; a generic plan
   * that PostgreSQL settled on while the table was empty would be kept through the flood. Planning
   * costs a millisecond or two, for a handful of claims a second.
   */
  static PgConnectOptions connectOptions(ServerConfig.Database database) {
    return PgClients.connectOptions(database).addProperty("plan_cache_mode", "force_custom_plan");
  }

  /**
   * Runs {@code task} every {@code periodMs}, skipping a tick while the previous run is still
   * going (a slow sweep is not stacked up behind itself). A failed run is logged; the next tick
   * tries again.
   */
  private static long every(Vertx vertx, long periodMs, String what, Supplier<Future<?>> task) {
    boolean[] running = {false};
    // The handler and the task's completion run on the timer's one context.
    return vertx.setPeriodic(periodMs, id -> {
      if (running[0]) {
        return;
      }
      running[0] = true;
      task.get().onComplete(done -> {
        running[0] = false;
        if (done.failed()) {
          LOG.warn("{} failed, trying again in {} ms: {}", what, periodMs, done.cause().toString());
        }
      });
    });
  }

  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(gaugeTimer);
    return vertx.undeploy(dispatcherDeployment).eventually(pool::close);
  }
}
