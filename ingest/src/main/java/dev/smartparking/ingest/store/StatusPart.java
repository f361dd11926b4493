package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.store.BatchPart.bool;
import static dev.smartparking.ingest.store.BatchPart.int4;
import static dev.smartparking.ingest.store.BatchPart.int8;
import static dev.smartparking.ingest.store.BatchPart.text;

import dev.smartparking.ingest.decode.LotStatusReport;
import java.util.List;

/**
 * Lot snapshots: stored once per (device, seq); {@code status_in} holds those really inserted,
 * which {@link LotStatePart} turns into the lot's state.
 */
final class StatusPart {

  static final BatchPart<LotStatusReport> PART = new BatchPart<>("status", BatchPart.each(LotStatusReport.class),
      List.of(
          text("device_id", LotStatusReport::deviceId),
          int8("seq", LotStatusReport::seq),
          int8("ts_ms", LotStatusReport::tsMillis),
          text("lot_id", LotStatusReport::lotId),
          int4("total", LotStatusReport::total),
          int4("free", LotStatusReport::free),
          bool("closed", LotStatusReport::closed),
          int8("received_ms", LotStatusReport::receivedAtMillis)),
      """
      status_in AS (
        INSERT INTO lot_status_events (device_id, seq, ts, lot_id, total, free, closed, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), lot_id, total, free, closed,
               to_timestamp(received_ms / 1000.0::float8)
        FROM unnest(:device_id, :seq, :ts_ms, :lot_id, :total, :free, :closed, :received_ms)
             AS s (device_id, seq, ts_ms, lot_id, total, free, closed, received_ms)
        ORDER BY device_id, seq
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, ts, lot_id, total, free, closed, received_at
      )""",
      "SELECT device_id, seq FROM status_in",
      null);

  private StatusPart() {}
}
