package dev.smartparking.alarm.delivery;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.ChannelListener;
import dev.smartparking.metrics.CoverAlarmEvents;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alarm events to the units' webhooks from the outbox ({@code alarm_deliveries}, filled by
 * a trigger in the transaction of each alarm change): claims due deliveries, POSTs each, and
 * records the answer. Woken at once by {@code NOTIFY cover_alarm_events} (the same trigger, on
 * commit; the admin retry too), by each finished call, and once a second to pick up retries
 * whose back-off ran out.
 *
 * <p>One POST per event, as the contract says; no grouping per unit. What keeps a city-wide
 * outage from becoming thousands of calls at once is the process-wide rate
 * ({@link TokenBucket}); what keeps a slow receiver from holding up the others is the per-unit
 * bound on calls in flight ({@link UnitSlots}) and the timeout. Nothing here touches ingest: a
 * dead receiver only leaves rows pending.
 *
 * <p>A verticle: all its bookkeeping runs on its one context.
 */
public final class Dispatcher extends VerticleBase {

  /** The channel V7's trigger notifies after every statement that wrote alarm events. */
  public static final String CHANNEL = CoverAlarmEvents.CHANNEL;

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final long POLL_MS = 1_000;
  /** While the rate holds calls back, claims gather at least a tenth of a second's worth. */
  private static final int CLAIMS_PER_SECOND_WHEN_LIMITED = 10;
  private static final int MOST_PER_CLAIM = 500;
  /** Connections per receiver endpoint: units may share one, and each has its own bound. */
  private static final int CONNECTIONS_PER_ENDPOINT = 256;

  private final Pool pool;
  private final PgConnectOptions listenOn;
  private final ServerConfig.Alarms config;
  private final DeliveryMetrics metrics;
  private final Clock clock;

  private final UnitSlots slots = new UnitSlots();
  private final Set<Delivery> inFlight = new HashSet<>();
  private TokenBucket rate;
  private Backoff backoff;
  private Deliveries deliveries;
  private Webhook webhook;
  private WebClient client;
  private ChannelListener listener;
  private long pollTimer;
  private long rateTimer = -1;
  private boolean claiming;
  private boolean wakeAgain;
  private boolean stopping;

  public Dispatcher(Pool pool, PgConnectOptions listenOn, ServerConfig.Alarms config, DeliveryMetrics metrics,
      Clock clock) {
    this.pool = pool;
    this.listenOn = listenOn;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    long timeoutMs = config.deliveryTimeout().toMillis();
    rate = new TokenBucket(config.maxPerSecond(), System::nanoTime);
    backoff = new Backoff(config.retryInitial(), config.retryMax(), new SplittableRandom());
    deliveries = new Deliveries(pool, config.deliveryLease().toMillis(), config.giveUpAfter().toMillis());
    client = WebClient.create(vertx,
        new WebClientOptions().setFollowRedirects(false).setUserAgent("smartparking-alarms"),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS_PER_ENDPOINT));
    webhook = new Webhook(vertx, client, new TargetPolicy(config.allowLoopback(), config.allowPrivate()),
        timeoutMs, clock);
    // Every (re)subscription wakes it too: notifications sent while not listening are lost.
    listener = new ChannelListener(vertx, listenOn, "alarm events").on(CHANNEL, this::wake, payload -> wake());
    listener.listen();
    pollTimer = vertx.setPeriodic(POLL_MS, id -> wake());
    return Future.succeededFuture();
  }

  /**
   * Stops claiming, hands the calls in flight back (their deliveries are due again at once, for
   * another process or the next start) and closes the client, which ends those calls.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(rateTimer);
    List<Delivery> abandoned = new ArrayList<>(inFlight);
    return listener.close()
        .eventually(() -> deliveries.release(abandoned).onFailure(e -> LOG.warn(
            "Cannot hand back {} calls in flight; they are sent again when their lease runs out: {}",
            abandoned.size(), e.toString())))
        .eventually(() -> {
          client.close();
          return Future.succeededFuture();
        });
  }

  private void wake() {
    if (stopping) {
      return;
    }
    if (claiming) {
      wakeAgain = true;
      return;
    }
    int least = Math.max(1, config.maxPerSecond() / CLAIMS_PER_SECOND_WHEN_LIMITED);
    int tokens = rate.available();
    if (tokens < least) {
      wakeWhenRateAllows(least);
      return;
    }
    int most = Math.min(tokens, MOST_PER_CLAIM);
    claiming = true;
    deliveries.claim(config.maxInFlightPerUnit(), slots.busy(), most).onComplete(claimed -> {
      claiming = false;
      if (stopping) {
        // Claimed while stop() ran: handed straight back, not sent.
        if (claimed.succeeded()) {
          deliveries.release(claimed.result());
        }
        return;
      }
      if (claimed.succeeded()) {
        claimed.result().forEach(this::send);
        // A full claim may have left more behind.
        wakeAgain |= claimed.result().size() == most;
      } else {
        LOG.warn("Cannot claim alarm deliveries, trying again within a second: {}", claimed.cause().toString());
      }
      if (wakeAgain) {
        wakeAgain = false;
        wake();
      }
    });
  }

  private void wakeWhenRateAllows(int tokens) {
    if (rateTimer == -1) {
      rateTimer = vertx.setTimer(Math.max(1, rate.millisUntil(tokens)), id -> {
        rateTimer = -1;
        wake();
      });
    }
  }

  private void send(Delivery delivery) {
    rate.take(1);
    slots.acquire(delivery.unitId());
    inFlight.add(delivery);
    webhook.post(delivery)
        .compose(attempt -> record(delivery, attempt))
        .onComplete(recorded -> {
          inFlight.remove(delivery);
          slots.release(delivery.unitId());
          if (recorded.failed()) {
            // The lease runs out and the event is sent again: at least once.
            LOG.warn("Cannot record the delivery of event {}: {}", delivery.eventKey(), recorded.cause().toString());
          }
          wake();
        });
  }

  private Future<Void> record(Delivery delivery, Attempt attempt) {
    if (stopping && !attempt.delivered()) {
      // Ended by this process's own stop (the client closed), not by the receiver: stop() gave it back.
      return Future.succeededFuture();
    }
    metrics.attempted(delivery.unitId(), attempt.result());
    if (attempt.delivered()) {
      return deliveries.delivered(delivery, attempt.lastResult()).map(lag -> {
        if (lag != null) {
          metrics.delivered(lag);
        }
        return null;
      });
    }
    return deliveries.failed(delivery, attempt.lastResult(), backoff.delayMs(delivery.attempts()))
        .map(gaveUp -> {
          if (gaveUp) {
            metrics.gaveUp(delivery.unitId());
            LOG.warn("Gave up delivering event {} to unit {} after {} attempts: {}", delivery.eventKey(),
                delivery.unitId(), delivery.attempts(), attempt.lastResult());
          }
          return null;
        });
  }
}
