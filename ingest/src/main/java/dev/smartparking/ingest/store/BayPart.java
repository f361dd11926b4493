package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.store.BatchPart.bool;
import static dev.smartparking.ingest.store.BatchPart.int8;
import static dev.smartparking.ingest.store.BatchPart.text;

import dev.smartparking.ingest.decode.BaysReport;
import dev.smartparking.ingest.decode.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Bay sensor changes, one row per bay: each stored once per (device, seq, bay), the bay's state
 * following its newest observation, and a lot that no snapshot or passage of this batch counts
 * ({@code lot_seen} of {@link LotStatePart}) recounted from all its bays.
 */
final class BayPart {

  /** One bay change with the message it came in. */
  record BayRow(BaysReport message, BaysReport.Change change) {}

  static final BatchPart<BayRow> PART = new BatchPart<>("bay", BayPart::rows,
      List.of(
          text("device_id", b -> b.message().deviceId()),
          int8("seq", b -> b.message().seq()),
          int8("ts_ms", b -> b.message().tsMillis()),
          text("lot_id", b -> b.message().lotId()),
          text("bay_id", b -> b.change().bayId()),
          bool("occupied", b -> b.change().occupied()),
          int8("observed_ms", b -> b.change().observedAtMillis()),
          int8("received_ms", b -> b.message().receivedAtMillis())),
      """
      bay_in AS (
        INSERT INTO bay_events (device_id, seq, ts, lot_id, bay_id, occupied, observed_at, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), lot_id, bay_id, occupied,
               to_timestamp(observed_ms / 1000.0::float8), to_timestamp(received_ms / 1000.0::float8)
        FROM unnest(:device_id, :seq, :ts_ms, :lot_id, :bay_id, :occupied, :observed_ms, :received_ms)
             AS b (device_id, seq, ts_ms, lot_id, bay_id, occupied, observed_ms, received_ms)
        ORDER BY device_id, seq, bay_id
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, lot_id, bay_id, occupied, observed_at, received_at
      ), bay_newest AS (
        SELECT DISTINCT ON (lot_id, bay_id) lot_id, bay_id, occupied, observed_at,
               max(received_at) OVER (PARTITION BY lot_id, bay_id) AS seen
        FROM bay_in
        ORDER BY lot_id, bay_id, observed_at DESC, seq DESC
      ), bay_current AS (
        -- every bay of the lots touched, locked: the lot's totals are recounted from them. The
        -- catalogue import creates a bay's row (state unknown) with the bay, so all of them exist
        -- before this statement's snapshot, and the lock yields each at its latest committed
        -- version, also when a concurrent batch just reported it for the first time.
        SELECT lot_id, bay_id, occupied, observed_at FROM bay_state
        WHERE lot_id IN (SELECT lot_id FROM bay_newest)
        ORDER BY lot_id, bay_id
        FOR UPDATE
      ), bay_merged AS (
        SELECT coalesce(n.lot_id, c.lot_id) AS lot_id, coalesce(n.bay_id, c.bay_id) AS bay_id, n.seen,
               CASE WHEN n.bay_id IS NOT NULL AND (c.observed_at IS NULL OR n.observed_at >= c.observed_at)
                    THEN n.occupied ELSE c.occupied END AS occupied,
               CASE WHEN n.bay_id IS NOT NULL AND (c.observed_at IS NULL OR n.observed_at >= c.observed_at)
                    THEN n.observed_at ELSE c.observed_at END AS observed_at
        FROM bay_newest n
        FULL JOIN bay_current c ON c.lot_id = n.lot_id AND c.bay_id = n.bay_id
      ), bay_upsert AS (
        INSERT INTO bay_state AS s (lot_id, bay_id, occupied, observed_at, last_seen_at)
        SELECT lot_id, bay_id, occupied, observed_at, seen FROM bay_merged WHERE seen IS NOT NULL
        ORDER BY lot_id, bay_id
        ON CONFLICT (lot_id, bay_id) DO UPDATE SET
          occupied = CASE WHEN s.observed_at IS NULL OR excluded.observed_at >= s.observed_at
                          THEN excluded.occupied ELSE s.occupied END,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)
      ), bay_lots AS (
        -- a bay-counted lot: total = bays that have reported, free = those not occupied
        SELECT lot_id, (count(*) FILTER (WHERE occupied IS NOT NULL))::int AS total,
               (count(*) FILTER (WHERE NOT occupied))::int AS free,
               max(observed_at) AS observed_at, max(seen) AS seen
        FROM bay_merged
        WHERE lot_id NOT IN (SELECT lot_id FROM lot_seen)
        GROUP BY lot_id
      ), bay_lot_upsert AS (
        INSERT INTO lot_state AS s (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT lot_id, total, free, false, observed_at, seen FROM bay_lots ORDER BY lot_id
        ON CONFLICT (lot_id) DO UPDATE SET
          total = excluded.total,
          free = excluded.free,
          observed_at = greatest(s.observed_at, excluded.observed_at),
          last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)
      )""",
      // a message of several bays is one message
      "SELECT DISTINCT device_id, seq FROM bay_in",
      null);

  private static List<BayRow> rows(List<Verdict> verdicts) {
    List<BayRow> rows = new ArrayList<>();
    for (Verdict verdict : verdicts) {
      if (verdict instanceof BaysReport b) {
        b.changes().forEach(change -> rows.add(new BayRow(b, change)));
      }
    }
    return rows;
  }

  private BayPart() {}
}
