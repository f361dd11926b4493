package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;
import java.time.Duration;

/** Refuses device timestamps too far ahead of the server clock (PROTOCOL.md: more than 5 minutes). */
public final class ClockRule {

  private final long maxAheadMillis;

  public ClockRule(Duration maxAhead) {
    this.maxAheadMillis = maxAhead.toMillis();
  }

  void check(String field, long tsMillis, long receivedAtMillis) {
    long ahead = tsMillis - receivedAtMillis;
    if (ahead > maxAheadMillis) {
      throw new DeviceFault(Outcome.CLOCK, field + " is " + ahead / 1000 + " s ahead of the server clock (at most "
          + maxAheadMillis / 1000 + " s allowed)");
    }
  }
}
