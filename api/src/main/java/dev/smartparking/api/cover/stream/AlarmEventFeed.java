package dev.smartparking.api.cover.stream;

import dev.smartparking.api.http.Scope;
import dev.smartparking.db.ChannelListener;
import dev.smartparking.metrics.CoverAlarmEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows cover_alarm_events for the whole process, one query per wake-up whatever the number of
 * subscribers, and hands each new event to the live subscribers that want it. Woken by LISTEN on
 * {@link CoverAlarmEvents#CHANNEL} (V7's trigger notifies on every commit of events), by a poll every
 * {@link AlarmStreamSettings#poll} as a safety net, and soon again while events are held back.
 *
 * <p>The one rule that makes resuming exact: events are taken in (txid, event_id) order, and only
 * those of transactions older than the oldest one still running (txid below the snapshot's xmin).
 * An event id is drawn when the row is inserted, not when it commits, so a transaction that began
 * earlier can commit an event with a lower id after one with a higher id was already sent; ordered
 * by event id alone it would land behind what a client has seen, and a client resuming from its
 * Last-Event-ID would never get it. Held back until every older transaction finished, it lands in
 * order. An event is at most as late as the longest write transaction around it (ingest's
 * batches take milliseconds); an idle-in-transaction writer would hold the stream back.
 *
 * <p>A verticle, so its position and subscriber set live on one context; subscribers call in from
 * theirs and are answered on theirs.
 */
public final class AlarmEventFeed extends VerticleBase {

  /** Where the feed starts: after the newest event of every finished transaction. */
  static final String TAIL = """
      SELECT e.txid::text AS txid, e.event_id
      FROM cover_alarm_events e
      WHERE e.txid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY e.txid DESC, e.event_id DESC
      LIMIT 1""";
  /**
   * The events after a position, each marked settled when its transaction is older than every
   * running one; the feed takes the settled ones up to the first that is not.
   */
  static final String FOLLOW = "WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)\nSELECT "
      + StreamEvent.COLUMNS + """
      , e.txid < horizon.xmin AS settled
      FROM cover_alarm_events e, horizon
      WHERE (e.txid, e.event_id) > ($1::text::xid8, $2)
      ORDER BY e.txid, e.event_id
      LIMIT $3""";
  /** A subscriber's events after its position up to the feed's (all settled), filtered and within its scope. */
  static final String CATCH_UP = "SELECT " + StreamEvent.COLUMNS + """

      FROM cover_alarm_events e
      WHERE (e.txid, e.event_id) > ($1::text::xid8, $2)
        AND (e.txid, e.event_id) <= ($3::text::xid8, $4)
        AND ($5::text IS NULL OR e.alarm->>'district' = $5)
        AND ($6::text IS NULL OR e.alarm->'unit'->>'id' = $6)
        AND ($8::text IS NULL OR e.alarm->>'district' = $8)
        AND ($9::text IS NULL OR e.alarm->'unit'->>'id' = $9)
      ORDER BY e.txid, e.event_id
      LIMIT $7""";
  /** The position of an event a client last saw, within the resumable 24 hours. */
  static final String RESUME = """
      SELECT e.txid::text AS txid
      FROM cover_alarm_events e
      WHERE e.event_id = $1 AND e.occurred_at >= now() - interval '24 hours'""";

  static final int PAGE = 500;
  private static final Logger LOG = LoggerFactory.getLogger(AlarmEventFeed.class);
  private static final long HELD_BACK_FIRST_MS = 10;

  private final Pool pool;
  private final PgConnectOptions listenOn;
  private final AlarmStreamSettings settings;

  private volatile boolean ready;

  // The feed's context only.
  private ChannelListener listener;
  private FeedPosition position;
  private final Set<StreamSubscriber> subscribers = new LinkedHashSet<>();
  private boolean reading;
  private boolean wokenWhileReading;
  private long heldBackDelayMs = HELD_BACK_FIRST_MS;
  private long heldBackTimer = -1;
  private boolean failing;

  public AlarmEventFeed(Pool pool, PgConnectOptions listenOn, AlarmStreamSettings settings) {
    this.pool = pool;
    this.listenOn = listenOn;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    listener = new ChannelListener(vertx, listenOn, "alarm events")
        .on(CoverAlarmEvents.CHANNEL, this::wake, payload -> wake());
    listener.listen();
    vertx.setPeriodic(settings.poll().toMillis(), id -> wake());
    wake();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return listener.close();
  }

  /** Whether the feed knows where it is; until then it cannot take subscribers. */
  public boolean ready() {
    return ready;
  }

  // ---- called by subscribers, from their contexts ----

  /**
   * A subscriber that has sent everything up to {@code sent} (null: nothing yet, start from now)
   * joins: live from here if it is at the feed's position or past it, else it is told how far to
   * read from the database first, and joins again after.
   */
  void join(StreamSubscriber subscriber, FeedPosition sent) {
    context.runOnContext(v -> {
      if (subscriber.isClosed()) {
        return;
      }
      if (position == null) {
        subscriber.refused();
      } else if (sent == null || !position.isAfter(sent)) {
        subscribers.add(subscriber);
        subscriber.joined(position);
      } else {
        subscriber.catchUpTo(position);
      }
    });
  }

  void leave(StreamSubscriber subscriber) {
    context.runOnContext(v -> subscribers.remove(subscriber));
  }

  /** Up to {@link #PAGE} events after {@code after} up to {@code upTo}, for a subscriber catching up. */
  Future<List<StreamEvent>> read(FeedPosition after, FeedPosition upTo, String district, String unit,
      Scope scope) {
    return pool.preparedQuery(CATCH_UP)
        .execute(Tuple.tuple().addValue(after.txidText()).addValue(after.eventId())
            .addValue(upTo.txidText()).addValue(upTo.eventId())
            .addValue(district).addValue(unit).addValue(PAGE).addValue(scope.district()).addValue(scope.unit()))
        .map(rows -> {
          List<StreamEvent> events = new ArrayList<>(rows.size());
          rows.forEach(row -> events.add(StreamEvent.of(row)));
          return events;
        });
  }

  /** Where to resume after event {@code eventId}, or null when it is unknown or older than 24 hours. */
  Future<FeedPosition> positionOf(long eventId) {
    return pool.preparedQuery(RESUME).execute(Tuple.of(eventId))
        .map(rows -> rows.size() == 0 ? null : FeedPosition.of(rows.iterator().next().getString("txid"), eventId));
  }

  // ---- the feed's own context ----

  private void wake() {
    if (reading) {
      wokenWhileReading = true;
    } else {
      read();
    }
  }

  private void read() {
    reading = true;
    wokenWhileReading = false;
    Future<Boolean> more = position == null ? loadTail() : follow();
    more.onComplete(result -> {
      reading = false;
      if (result.failed()) {
        if (!failing) {
          LOG.warn("Cannot read alarm events, trying again on the next poll: {}", result.cause().toString());
        }
        failing = true;
      } else {
        if (failing) {
          LOG.info("Reading alarm events again");
        }
        failing = false;
        if (wokenWhileReading || result.result()) {
          read();
        }
      }
    });
  }

  private Future<Boolean> loadTail() {
    return pool.query(TAIL).execute().map(rows -> {
      Row tail = rows.size() == 0 ? null : rows.iterator().next();
      position = tail == null ? FeedPosition.START : FeedPosition.of(tail.getString("txid"), tail.getLong("event_id"));
      ready = true;
      return true;
    });
  }

  /** Reads and hands out the next settled events; true when a full page says there may be more. */
  private Future<Boolean> follow() {
    return pool.preparedQuery(FOLLOW)
        .execute(Tuple.tuple().addValue(position.txidText()).addValue(position.eventId()).addValue(PAGE))
        .map(rows -> {
          List<StreamEvent> settled = new ArrayList<>(rows.size());
          boolean heldBack = false;
          for (Row row : rows) {
            if (!row.getBoolean("settled")) {
              heldBack = true;
              break;
            }
            if (subscribers.isEmpty()) {
              // Nobody to send it to: only the position moves, no frame is rendered.
              position = FeedPosition.of(row.getString("txid"), row.getLong("event_id"));
            } else {
              StreamEvent event = StreamEvent.of(row);
              position = event.position();
              settled.add(event);
            }
          }
          if (!settled.isEmpty()) {
            publish(settled);
          }
          if (heldBack) {
            retryHeldBack();
          } else {
            heldBackDelayMs = HELD_BACK_FIRST_MS;
          }
          return !heldBack && rows.size() == PAGE;
        });
  }

  /**
   * Events wait for an older transaction: look again soon, then less and less often, up to the
   * poll's pace (an older transaction that writes no event sends no notification when it ends).
   */
  private void retryHeldBack() {
    if (heldBackTimer == -1) {
      heldBackTimer = vertx.setTimer(heldBackDelayMs, id -> {
        heldBackTimer = -1;
        wake();
      });
      heldBackDelayMs = Math.min(heldBackDelayMs * 2, settings.poll().toMillis());
    }
  }

  private void publish(List<StreamEvent> events) {
    for (StreamSubscriber subscriber : subscribers) {
      List<StreamEvent> wanted = new ArrayList<>();
      for (StreamEvent event : events) {
        if (subscriber.wants(event)) {
          wanted.add(event);
        }
      }
      if (!wanted.isEmpty()) {
        subscriber.offer(wanted);
      }
    }
  }
}
