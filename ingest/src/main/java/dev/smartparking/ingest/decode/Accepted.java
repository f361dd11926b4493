package dev.smartparking.ingest.decode;

/** Data to store: identified, as every device message, by (device id, seq). */
public sealed interface Accepted extends Verdict permits LotStatusReport, PassageReport, BaysReport, TelemetryReport {

  String deviceId();

  long seq();
}
