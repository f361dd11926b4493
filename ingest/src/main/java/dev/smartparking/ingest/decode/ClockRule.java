package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;
import java.time.Duration;

/**
 * Refuses device timestamps too far ahead of the server clock (PROTOCOL.md: more than 5 minutes)
 * or older than the events' retention window (PROTOCOL.md, Retention). The second keeps every
 * accepted row inside the partitions retention keeps in place: its day was neither dropped nor is
 * it missing, as the event tables have no default partition (docs/storage.md).
 */
public final class ClockRule {

  private final long maxAheadMillis;
  private final long maxAgeMillis;

  public ClockRule(Duration maxAhead, Duration maxAge) {
    this.maxAheadMillis = maxAhead.toMillis();
    this.maxAgeMillis = maxAge.toMillis();
  }

  void check(String field, long tsMillis, long receivedAtMillis) {
    long ahead = tsMillis - receivedAtMillis;
    if (ahead > maxAheadMillis) {
      throw new DeviceFault(Outcome.CLOCK, field + " is " + ahead / 1000 + " s ahead of the server clock (at most "
          + maxAheadMillis / 1000 + " s allowed)");
    }
    if (-ahead > maxAgeMillis) {
      throw new DeviceFault(Outcome.CLOCK, field + " is " + -ahead / 1000 + " s behind the server clock (events are kept "
          + maxAgeMillis / 1000 + " s)");
    }
  }
}
