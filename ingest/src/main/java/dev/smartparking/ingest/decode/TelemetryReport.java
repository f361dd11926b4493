package dev.smartparking.ingest.decode;

/** An accepted manhole-cover reading; every measurement may be missing (null). */
public record TelemetryReport(String deviceId, long seq, long tsMillis, String coverId, Double tiltDeg, Boolean open,
    Double waterLevelCm, Double gasPpm, Integer batteryPct, Integer rssiDbm, long receivedAtMillis)
    implements Accepted {}
