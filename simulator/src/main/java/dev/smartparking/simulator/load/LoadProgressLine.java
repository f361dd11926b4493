package dev.smartparking.simulator.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The once-a-second progress line: message rates since the previous line, acknowledgement latency
 * of that second, errors so far, open connections, and the generator's own CPU per message sent in
 * that second (all its processes), so a figure never hides that the generator was the limit.
 */
final class LoadProgressLine {

  private final int target;
  private LoadCounts previous = LoadCounts.ZERO;
  private long previousNanos;

  /** @param target connections planned, shown even before child processes report theirs */
  LoadProgressLine(int target, long startNanos) {
    this.target = target;
    this.previousNanos = startNanos;
  }

  String next(String phase, long phaseSeconds, LoadCounts now, Histogram lastSecondMicros, long extraErrors, long nowNanos) {
    double seconds = Math.max(1e-3, (nowNanos - previousNanos) / 1e9);
    double sentRate = (now.sent() - previous.sent()) / seconds;
    double ackRate = (now.acknowledged() - previous.acknowledged()) / seconds;
    String cpu = cpuPerMessage(now.cpuNanos() - previous.cpuNanos(), now.sent() - previous.sent());
    previous = now;
    previousNanos = nowNanos;
    return String.format(
        Locale.ROOT,
        "%-10s %4ds | sent %,9.0f/s | acked %,9.0f/s | p50 %s p99 %s p999 %s | errors %,d | conns %,d/%,d | cpu %s",
        phase,
        phaseSeconds,
        sentRate,
        ackRate,
        millis(lastSecondMicros, 50),
        millis(lastSecondMicros, 99),
        millis(lastSecondMicros, 99.9),
        now.errors() + extraErrors,
        now.open(),
        target,
        cpu);
  }

  /** Microseconds of generator CPU per message sent, e.g. {@code 1.85us/msg}; "-" when nothing was sent. */
  static String cpuPerMessage(long cpuNanos, long sent) {
    if (sent <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fus/msg", cpuNanos / 1000.0 / sent);
  }

  static String millis(Histogram micros, double percentile) {
    if (micros.getTotalCount() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2fms", micros.getValueAtPercentile(percentile) / 1000.0);
  }
}
