package dev.smartparking.api.availability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * When a lot counts as reporting: it has reported, it is not closed, and it was heard from
 * within {@code lots.offline-after}. The one place both the city figures and a lot's state
 * take this rule from.
 */
public final class ReportingRule {

  private final Duration offlineAfter;
  private final Clock clock;

  public ReportingRule(Duration offlineAfter, Clock clock) {
    this.offlineAfter = offlineAfter;
    this.clock = clock;
  }

  /** Lots last seen after this instant are not offline. */
  public OffsetDateTime reportingSince() {
    return OffsetDateTime.now(clock).minus(offlineAfter);
  }

  /** {@code open}, {@code closed}, {@code offline} or {@code unknown} (never reported), as API.md names them. */
  public String state(OffsetDateTime lastSeen, Boolean closed) {
    return state(lastSeen == null ? null : lastSeen.toInstant(), closed);
  }

  /** {@link #state(OffsetDateTime, Boolean)} of a lot held in memory. */
  public String state(Instant lastSeen, Boolean closed) {
    if (lastSeen == null) {
      return "unknown";
    }
    if (lastSeen.isBefore(clock.instant().minus(offlineAfter))) {
      return "offline";
    }
    return Boolean.TRUE.equals(closed) ? "closed" : "open";
  }

  /** Whether the lot counts towards free and total: it is {@code open} now. */
  public boolean reporting(Instant lastSeen, Boolean closed) {
    return "open".equals(state(lastSeen, closed));
  }
}
