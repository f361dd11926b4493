package dev.smartparking.ingest.decode;

/** An accepted {@code v1/lots/{lotId}/status} snapshot; {@code closed} is null when the device left it out. */
public record LotStatusReport(String deviceId, long seq, long tsMillis, String lotId, int total, int free,
    Boolean closed, long receivedAtMillis) implements Accepted {}
