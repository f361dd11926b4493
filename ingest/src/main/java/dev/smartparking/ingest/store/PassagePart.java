package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.store.BatchPart.bytea;
import static dev.smartparking.ingest.store.BatchPart.int8;
import static dev.smartparking.ingest.store.BatchPart.text;

import dev.smartparking.ingest.decode.PassageReport;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Vehicle passages: stored once per (device, seq), the plate only as its keyed hash;
 * {@code passage_in} holds those really inserted, which move the lot's free count
 * ({@link LotStatePart}).
 */
final class PassagePart {

  static final BatchPart<PassageReport> PART = new BatchPart<>("passage", BatchPart.each(PassageReport.class),
      List.of(
          text("device_id", PassageReport::deviceId),
          int8("seq", PassageReport::seq),
          int8("ts_ms", PassageReport::tsMillis),
          text("lot_id", PassageReport::lotId),
          text("direction", p -> p.entering() ? "in" : "out"),
          text("gate", PassageReport::gate),
          bytea("plate_hmac", p -> p.plateHmac() == null ? null : Buffer.buffer(p.plateHmac())),
          int8("received_ms", PassageReport::receivedAtMillis)),
      """
      passage_in AS (
        INSERT INTO lot_passage_events (device_id, seq, ts, lot_id, direction, gate, plate_hmac, received_at)
        SELECT device_id, seq, to_timestamp(ts_ms / 1000.0::float8), lot_id, direction, gate, plate_hmac,
               to_timestamp(received_ms / 1000.0::float8)
        FROM unnest(:device_id, :seq, :ts_ms, :lot_id, :direction, :gate, :plate_hmac, :received_ms)
             AS p (device_id, seq, ts_ms, lot_id, direction, gate, plate_hmac, received_ms)
        ORDER BY device_id, seq
        ON CONFLICT DO NOTHING
        RETURNING device_id, seq, ts, lot_id, direction, received_at
      )""",
      "SELECT device_id, seq FROM passage_in",
      null);

  private PassagePart() {}
}
