package dev.smartparking.simulator.verify;

/** One row of the server's rejected store, as {@code GET /api/v1/admin/rejected} lists it. */
public record RejectedRow(String receivedAt, String deviceId, String topic, String reason, String payloadSha256) {}
