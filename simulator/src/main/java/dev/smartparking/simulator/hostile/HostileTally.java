package dev.smartparking.simulator.hostile;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.ledger.Answer;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * How each kind of hostile-mode message was answered: sent, and a histogram of answers (MQTT 5
 * reason codes, plain PUBACKs over 3.1.1, closed connections, refusals, no answer). Updated from
 * the MQTT client's threads.
 */
final class HostileTally {

  /** What the progress line shows: totals so far and answer latency in microseconds. */
  record Figures(long sent, long answered, long unanswered, long closed, long refused, long p50Micros, long p99Micros) {}

  private final MqttVersion version;
  private final Map<HostileKind, LongAdder> sent = new EnumMap<>(HostileKind.class);
  private final Map<HostileKind, Map<String, LongAdder>> answers = new EnumMap<>(HostileKind.class);
  private final LongAdder answered = new LongAdder();
  private final LongAdder unanswered = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder reconnectFailures = new LongAdder();
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);

  HostileTally(MqttVersion version) {
    this.version = version;
    for (HostileKind kind : HostileKind.values()) {
      sent.put(kind, new LongAdder());
      answers.put(kind, new ConcurrentHashMap<>());
    }
  }

  void sent(HostileKind kind) {
    sent.get(kind).increment();
  }

  void answered(HostileKind kind, Answer answer, int reasonCode, long startNanos) {
    answers.get(kind).computeIfAbsent(label(answer, reasonCode), l -> new LongAdder()).increment();
    switch (answer) {
      case UNANSWERED -> unanswered.increment();
      case CLOSED -> closed.increment();
      case REFUSED -> refused.increment();
      default -> { }
    }
    if (answer != Answer.UNANSWERED) {
      answered.increment();
      latencyMicros.recordValue(Math.max(0, (System.nanoTime() - startNanos) / 1000));
    }
  }

  void reconnectFailed() {
    reconnectFailures.increment();
  }

  /** Messages and connection attempts still waiting for their answer. */
  long outstanding() {
    long total = sent.values().stream().mapToLong(LongAdder::sum).sum();
    return total - answered.sum() - unanswered.sum();
  }

  Figures figures() {
    long p50 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(50);
    long p99 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99);
    long total = sent.values().stream().mapToLong(LongAdder::sum).sum();
    return new Figures(total, answered.sum(), unanswered.sum() + reconnectFailures.sum(), closed.sum(), refused.sum(), p50, p99);
  }

  private String label(Answer answer, int reasonCode) {
    return switch (answer) {
      case ACKED -> version == MqttVersion.V5 ? "0x%02X".formatted(reasonCode) : "puback";
      case REFUSED -> version == MqttVersion.V5 ? "refused 0x%02X".formatted(reasonCode) : "refused";
      case CLOSED -> "closed";
      case UNANSWERED -> "unanswered";
      case SENT_QOS0 -> "qos0";
    };
  }

  /** Per kind: its expectation, how many were sent and the histogram of answers. */
  JsonObject toJson() {
    JsonObject kinds = new JsonObject();
    for (HostileKind kind : HostileKind.values()) {
      JsonObject histogram = new JsonObject();
      new TreeMap<>(answers.get(kind)).forEach((label, count) -> histogram.put(label, count.sum()));
      kinds.put(
          kind.label(),
          new JsonObject().put("expect", kind.expect()).put("sent", sent.get(kind).sum()).put("answers", histogram));
    }
    Figures figures = figures();
    return new JsonObject()
        .put("kinds", kinds)
        .put(
            "totals",
            new JsonObject()
                .put("sent", figures.sent())
                .put("answered", figures.answered())
                .put("closed", figures.closed())
                .put("refused", figures.refused())
                .put("unanswered", unanswered.sum())
                .put("reconnect_failures", reconnectFailures.sum()))
        .put(
            "latency_ms",
            new JsonObject().put("p50", figures.p50Micros() / 1000.0).put("p99", figures.p99Micros() / 1000.0));
  }

  /** The same as a table for people: one row per kind. */
  String table() {
    StringBuilder table = new StringBuilder();
    table.append("%-15s %-15s %8s  %s%n".formatted("kind", "expect", "sent", "answers"));
    for (HostileKind kind : HostileKind.values()) {
      StringBuilder histogram = new StringBuilder();
      new TreeMap<>(answers.get(kind))
          .forEach((label, count) -> histogram.append(histogram.length() == 0 ? "" : ", ").append(label).append(" ×").append(count.sum()));
      table.append("%-15s %-15s %8d  %s%n".formatted(kind.label(), kind.expect(), sent.get(kind).sum(), histogram));
    }
    return table.toString();
  }
}
