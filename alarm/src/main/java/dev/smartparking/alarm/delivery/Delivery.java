package dev.smartparking.alarm.delivery;

import java.time.OffsetDateTime;

/**
 * A delivery this process claimed: the event to POST and where. {@code attempts} counts this
 * attempt; the result is recorded only while it is still the delivery's latest claim.
 * {@code webhookUrl} and {@code webhookSecret} are null when the unit no longer has a webhook.
 */
record Delivery(long eventId, String eventKey, String unitId, int attempts, OffsetDateTime occurredAt,
    String body, String webhookUrl, String webhookSecret) {}
