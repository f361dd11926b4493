package dev.smartparking.ingest.decode;

import java.util.Set;

/** Decodes a {@code passages} payload: direction in/out, optional gate, optional plate (hashed at once). */
public final class PassageDecoder {

  private static final Set<String> FIELDS = Set.of("seq", "ts", "direction", "gate", "plate");
  private static final Set<String> DIRECTIONS = Set.of("in", "out");
  static final int MAX_GATE = 32;
  static final int MAX_PLATE = 16;

  private PassageDecoder() {}

  public static PassageReport decode(Inbound inbound, String lotId, ClockRule clock, PlateHasher plates) {
    PayloadFields fields = PayloadFields.parse(inbound.payload(), FIELDS);
    MessageHeader header = MessageHeader.read(fields);
    boolean entering = fields.oneOf("direction", DIRECTIONS).equals("in");
    String gate = fields.optionalText("gate", MAX_GATE);
    String plate = fields.optionalText("plate", MAX_PLATE);
    header.checkClock(clock, inbound);
    return new PassageReport(inbound.deviceId(), header.seq(), header.tsMillis(), lotId, entering, gate,
        plate == null ? null : plates.hash(plate), inbound.receivedAtMillis());
  }
}
