package dev.smartparking.alarm.delivery;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispatcher's reads and writes of {@code alarm_deliveries} (V7, V9): claiming due deliveries
 * and recording how each attempt ended. Several processes run dispatchers on the same table; the
 * claim is what keeps them from sending one event twice at once.
 */
final class Deliveries {

  /**
   * Claims up to $4 due deliveries, at most $1 minus its calls in flight ($2/$3) per unit, and
   * leases them for $5 ms: until then no dispatcher claims them again, and a dispatcher that dies
   * mid-call leaves them pending, so another one (or this one restarted) sends them once the lease
   * is over. Receivers de-duplicate by event id.
   *
   * <p>FOR UPDATE SKIP LOCKED: two dispatchers claiming at once each take different rows instead
   * of waiting for each other; a row another claim just leased is re-checked against its new
   * next_attempt_at and left out. In order per alarm: a delivery is due only when no earlier event
   * of its alarm is still pending (being sent, or waiting for a retry). Per unit, deliveries of
   * alarms a reading raised go before silent ones (priority, V9), then oldest first; the index
   * alarm_deliveries_unit_due_idx serves that order and the LIMIT stops the scan early.
   */
  static final String CLAIM = """
      WITH free AS (
        SELECT u.id AS unit_id, $1 - coalesce(busy.n, 0) AS slots
        FROM units u
        LEFT JOIN unnest($2::text[], $3::int[]) AS busy(unit_id, n) ON busy.unit_id = u.id
      ), due AS (
        SELECT d.event_id
        FROM free
        CROSS JOIN LATERAL (
          SELECT d.event_id, d.priority, d.next_attempt_at
          FROM alarm_deliveries d
          WHERE d.unit_id = free.unit_id AND d.status = 'pending' AND d.next_attempt_at <= now()
            AND NOT EXISTS (SELECT FROM alarm_deliveries earlier
                            WHERE earlier.alarm_id = d.alarm_id AND earlier.event_id < d.event_id
                              AND earlier.status = 'pending')
          ORDER BY d.priority, d.next_attempt_at, d.event_id
          LIMIT free.slots
          FOR UPDATE OF d SKIP LOCKED
        ) d
        WHERE free.slots > 0
        ORDER BY d.priority, d.next_attempt_at, d.event_id
        LIMIT $4
      )
      UPDATE alarm_deliveries d
      SET attempts = d.attempts + 1, last_attempt_at = clock_timestamp(),
          next_attempt_at = clock_timestamp() + $5 * interval '1 millisecond'
      FROM due, cover_alarm_events e, units u
      WHERE d.event_id = due.event_id AND e.event_id = d.event_id AND u.id = d.unit_id
      RETURNING d.event_id, prefixed_id('E', d.event_id) AS event_key, d.unit_id, d.attempts, e.occurred_at,
                cover_alarm_event_json(e)::text AS body, u.webhook_url, u.webhook_secret""";

  /**
   * A 2xx arrived: delivered, whichever claim of it sent it (a late answer to an attempt whose lease
   * ran out still is one). Answers the lag from the event to now, in seconds.
   */
  static final String DELIVERED = """
      UPDATE alarm_deliveries d
      SET status = 'delivered', delivered_at = clock_timestamp(), last_result = $2
      FROM cover_alarm_events e
      WHERE d.event_id = $1 AND d.status = 'pending' AND e.event_id = d.event_id
      RETURNING extract(epoch FROM d.delivered_at - e.occurred_at)::float8 AS lag_s""";

  /**
   * A failed attempt, recorded only if it is still the latest claim ($3 = its attempts): the next
   * attempt after $4 ms of back-off, but not after the give-up deadline (the event's time plus $5
   * ms), and an attempt that ends at or after that deadline gives up: status failed.
   */
  static final String FAILED = """
      UPDATE alarm_deliveries d
      SET last_result = $2,
          status = CASE WHEN clock_timestamp() >= e.occurred_at + $5 * interval '1 millisecond'
                        THEN 'failed' ELSE 'pending' END,
          next_attempt_at = least(clock_timestamp() + $4 * interval '1 millisecond',
                                  e.occurred_at + $5 * interval '1 millisecond')
      FROM cover_alarm_events e
      WHERE d.event_id = $1 AND d.status = 'pending' AND d.attempts = $3 AND e.event_id = d.event_id
      RETURNING d.status""";

  /** Leases of calls this process abandons as it stops: due again at once, for another process. */
  static final String RELEASE = """
      UPDATE alarm_deliveries d
      SET next_attempt_at = clock_timestamp()
      FROM unnest($1::bigint[], $2::int[]) AS mine(event_id, attempts)
      WHERE d.event_id = mine.event_id AND d.attempts = mine.attempts AND d.status = 'pending'""";

  private final Pool pool;
  private final long leaseMs;
  private final long giveUpAfterMs;

  Deliveries(Pool pool, long leaseMs, long giveUpAfterMs) {
    this.pool = pool;
    this.leaseMs = leaseMs;
    this.giveUpAfterMs = giveUpAfterMs;
  }

  Future<List<Delivery>> claim(int perUnit, UnitSlots.Busy busy, int most) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(perUnit, busy.units(), busy.counts(), most, leaseMs))
        .map(Deliveries::deliveries);
  }

  /** The lag in seconds from the event to its delivery, or null if it was no longer pending. */
  Future<Double> delivered(Delivery delivery, String lastResult) {
    return pool.preparedQuery(DELIVERED)
        .execute(Tuple.of(delivery.eventId(), lastResult))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getDouble("lag_s"));
  }

  /** Whether this failure gave the delivery up; false also when a later claim took it over meanwhile. */
  Future<Boolean> failed(Delivery delivery, String lastResult, long retryInMs) {
    return pool.preparedQuery(FAILED)
        .execute(Tuple.of(delivery.eventId(), lastResult, delivery.attempts(), retryInMs, giveUpAfterMs))
        .map(rows -> rows.size() > 0 && "failed".equals(rows.iterator().next().getString("status")));
  }

  Future<Void> release(List<Delivery> abandoned) {
    if (abandoned.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = abandoned.stream().map(Delivery::eventId).toArray(Long[]::new);
    Integer[] attempts = abandoned.stream().map(Delivery::attempts).toArray(Integer[]::new);
    return pool.preparedQuery(RELEASE).execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(attempts))
        .mapEmpty();
  }

  private static List<Delivery> deliveries(RowSet<Row> rows) {
    List<Delivery> claimed = new ArrayList<>(rows.size());
    for (Row row : rows) {
      claimed.add(new Delivery(row.getLong("event_id"), row.getString("event_key"), row.getString("unit_id"),
          row.getInteger("attempts"), row.getOffsetDateTime("occurred_at"), row.getString("body"),
          row.getString("webhook_url"), row.getString("webhook_secret")));
    }
    return claimed;
  }
}
