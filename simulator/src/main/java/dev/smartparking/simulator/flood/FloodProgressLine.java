package dev.smartparking.simulator.flood;

import java.util.Locale;

/** The once-a-second line: CONNECTs started and answered in that second, in flight, results so far. */
final class FloodProgressLine {

  private final FloodTally tally;
  private final int maxInFlight;
  private long previousStarted;
  private long previousAnswered;
  private long previousNanos;

  FloodProgressLine(FloodTally tally, int maxInFlight) {
    this.tally = tally;
    this.maxInFlight = maxInFlight;
  }

  String next(long elapsedNanos) {
    double seconds = Math.max(1e-3, (elapsedNanos - previousNanos) / 1e9);
    long started = tally.started();
    long answered = tally.answered();
    String line = String.format(Locale.ROOT,
        "flood %4ds | started %,7.0f/s | answered %,7.0f/s | in flight %,6d/%,d | refused %,d | accepted %,d | no CONNACK %,d",
        elapsedNanos / 1_000_000_000L, (started - previousStarted) / seconds, (answered - previousAnswered) / seconds,
        tally.inFlight(), maxInFlight, tally.refused(), tally.accepted(), tally.unanswered());
    previousStarted = started;
    previousAnswered = answered;
    previousNanos = elapsedNanos;
    return line;
  }
}
