package dev.smartparking.ingest.decode;

import java.util.Set;

/** Decodes a cover {@code telemetry} payload; each measurement is optional but, when present, in range. */
public final class TelemetryDecoder {

  private static final Set<String> FIELDS =
      Set.of("seq", "ts", "tilt_deg", "open", "water_level_cm", "gas_ppm", "battery_pct", "rssi_dbm");

  private TelemetryDecoder() {}

  public static TelemetryReport decode(Inbound inbound, String coverId, ClockRule clock) {
    PayloadFields fields = PayloadFields.parse(inbound.payload(), FIELDS);
    MessageHeader header = MessageHeader.read(fields);
    Double tilt = fields.optionalNumber("tilt_deg", 0, 180);
    Boolean open = fields.optionalBoolean("open");
    Double water = fields.optionalNumber("water_level_cm", -10_000, 100_000);
    Double gas = fields.optionalNumber("gas_ppm", 0, 1_000_000);
    Long battery = fields.optionalInteger("battery_pct", 0, 100);
    Long rssi = fields.optionalInteger("rssi_dbm", -200, 0);
    header.checkClock(clock, inbound);
    return new TelemetryReport(inbound.deviceId(), header.seq(), header.tsMillis(), coverId, tilt, open, water, gas,
        battery == null ? null : battery.intValue(),
        rssi == null ? null : rssi.intValue(),
        inbound.receivedAtMillis());
  }
}
