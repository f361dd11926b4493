package dev.smartparking.ingest.decode;

/** An accepted {@code passages} message: one vehicle through a gate; the plate only as its keyed hash. */
public record PassageReport(String deviceId, long seq, long tsMillis, String lotId, boolean entering, String gate,
    byte[] plateHmac, long receivedAtMillis) implements Accepted {}
