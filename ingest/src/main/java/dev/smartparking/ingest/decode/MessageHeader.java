package dev.smartparking.ingest.decode;

/** The two fields every payload carries: the device's message number and observation time. */
record MessageHeader(long seq, long tsMillis) {

  static MessageHeader read(PayloadFields fields) {
    return new MessageHeader(fields.integer("seq", 0, Long.MAX_VALUE), fields.integer("ts", 0, Long.MAX_VALUE));
  }

  /** Called by each decoder after every field was judged: docs/protocol.md puts the clock last. */
  void checkClock(ClockRule clock, Inbound inbound) {
    clock.check("ts", tsMillis, inbound.receivedAtMillis());
  }
}
