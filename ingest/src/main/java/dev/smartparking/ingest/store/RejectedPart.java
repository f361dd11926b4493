package dev.smartparking.ingest.store;

import static dev.smartparking.ingest.store.BatchPart.bytea;
import static dev.smartparking.ingest.store.BatchPart.int2;
import static dev.smartparking.ingest.store.BatchPart.int8;
import static dev.smartparking.ingest.store.BatchPart.text;

import dev.smartparking.ingest.decode.ControlCharacters;
import dev.smartparking.ingest.decode.Rejected;
import java.util.List;

/** Refused messages: each kept with its reason and payload; nothing else moves. */
final class RejectedPart {

  static final BatchPart<Rejected> PART = new BatchPart<>("rejected", BatchPart.each(Rejected.class),
      List.of(
          int8("received_ms", r -> r.inbound().receivedAtMillis()),
          text("device_id", r -> r.inbound().deviceId()),
          // the topic and the detail may quote device text that PostgreSQL text cannot hold (U+0000)
          text("topic", r -> ControlCharacters.escaped(r.inbound().topic())),
          int2("qos", r -> (short) r.inbound().qos()),
          text("reason", r -> r.reason().tag()),
          text("detail", r -> ControlCharacters.escaped(r.detail())),
          bytea("payload", r -> r.inbound().payload())),
      """
      rejected AS (
        INSERT INTO rejected_messages (received_at, device_id, topic, qos, reason, detail, payload)
        SELECT to_timestamp(received_ms / 1000.0::float8), device_id, topic, qos, reason, detail, payload
        FROM unnest(:received_ms, :device_id, :topic, :qos, :reason, :detail, :payload)
             AS r (received_ms, device_id, topic, qos, reason, detail, payload)
      )""",
      null,
      null);

  private RejectedPart() {}
}
