package dev.smartparking.simulator.realistic;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The live status line printed every second: simulated clock, messages per second sent and
 * acknowledged by topic since the previous line, PUBACK latency percentiles over the run, gateways offline,
 * retransmits and errors so far, devices connected.
 */
public final class ProgressLine {

  private static final DateTimeFormatter SIM_TIME = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ENGLISH);

  private RunFigures previous;
  private long previousNanos;

  public ProgressLine(RunFigures start, long startNanos) {
    this.previous = start;
    this.previousNanos = startNanos;
  }

  public String next(LocalDateTime simTime, RunFigures now, long nowNanos, int offline, int connected, int devices) {
    double seconds = Math.max(1e-3, (nowNanos - previousNanos) / 1e9);
    StringBuilder topics = new StringBuilder();
    for (TopicKind kind : TopicKind.values()) {
      topics
          .append(' ')
          .append(kind.wireName())
          .append(' ')
          .append(perSecond(now.sent().get(kind) - previous.sent().get(kind), seconds))
          .append('/')
          .append(perSecond(now.acked().get(kind) - previous.acked().get(kind), seconds));
    }
    String text =
        "sim %s | sent/acked per s%s | p50 %s p99 %s | offline %d | retransmits %d | errors %d | clients %d/%d"
            .formatted(
                simTime.format(SIM_TIME),
                topics,
                millis(now.p50Micros()),
                millis(now.p99Micros()),
                offline,
                now.retransmitted(),
                now.rejected() + now.connectFailures(),
                connected,
                devices);
    previous = now;
    previousNanos = nowNanos;
    return text;
  }

  private static long perSecond(long count, double seconds) {
    return Math.round(count / seconds);
  }

  public static String millis(long micros) {
    return "%.1f ms".formatted(micros / 1000.0);
  }
}
