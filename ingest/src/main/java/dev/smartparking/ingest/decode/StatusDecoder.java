package dev.smartparking.ingest.decode;

import java.util.Set;

/** Decodes and validates a {@code status} payload (PROTOCOL.md): seq, ts, total, free, optional closed. */
public final class StatusDecoder {

  static final int MAX_TOTAL = 100_000;
  private static final Set<String> FIELDS = Set.of("seq", "ts", "total", "free", "closed");

  private StatusDecoder() {}

  public static LotStatusReport decode(Inbound inbound, String lotId, ClockRule clock) {
    PayloadFields fields = PayloadFields.parse(inbound.payload(), FIELDS);
    MessageHeader header = MessageHeader.read(fields);
    int total = (int) fields.integer("total", 0, MAX_TOTAL);
    int free = (int) fields.integer("free", 0, MAX_TOTAL);
    if (free > total) {
      throw PayloadFields.invalid("free: " + free + " is more than total " + total);
    }
    Boolean closed = fields.optionalBoolean("closed");
    header.checkClock(clock, inbound);
    return new LotStatusReport(inbound.deviceId(), header.seq(), header.tsMillis(), lotId, total, free, closed,
        inbound.receivedAtMillis());
  }
}
