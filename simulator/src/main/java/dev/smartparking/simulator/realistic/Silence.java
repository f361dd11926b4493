package dev.smartparking.simulator.realistic;

import java.time.LocalDateTime;

/** A span of simulated time in which a cover's sensor sends nothing (a flat battery, a flooded antenna). */
public record Silence(LocalDateTime from, LocalDateTime until) {

  public Silence {
    if (!until.isAfter(from)) {
      throw new IllegalArgumentException("a silence must last some time");
    }
  }

  public boolean covers(LocalDateTime time) {
    return !time.isBefore(from) && time.isBefore(until);
  }
}
