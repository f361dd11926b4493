package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.ledger.CoverTruth;
import dev.smartparking.simulator.ledger.LotTruth;

/**
 * A message a device has produced, with the seq and ts it keeps through queueing and retransmits.
 *
 * @param truth the lot right after this message for lot-changing messages, else null
 * @param cover the reading and its thresholds for a cover's telemetry, else null
 */
public record Outbound(TopicKind kind, String topic, long seq, long ts, byte[] payload, LotTruth truth, CoverTruth cover) {

  /** A lot gateway's message. */
  public Outbound(TopicKind kind, String topic, long seq, long ts, byte[] payload, LotTruth truth) {
    this(kind, topic, seq, ts, payload, truth, null);
  }
}
