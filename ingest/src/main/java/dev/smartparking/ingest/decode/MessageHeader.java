package dev.smartparking.ingest.decode;

/** The two fields every payload carries: the device's message number and observation time. */
record MessageHeader(long seq, long tsMillis) {

  static MessageHeader read(PayloadFields fields, Inbound inbound, ClockRule clock) {
    long seq = fields.integer("seq", 0, Long.MAX_VALUE);
    long ts = fields.integer("ts", 0, Long.MAX_VALUE);
    clock.check("ts", ts, inbound.receivedAtMillis());
    return new MessageHeader(seq, ts);
  }
}
