package dev.smartparking.simulator.realistic;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * What a realistic run has sent and how it was answered, by topic; updated from the simulation
 * thread and the MQTT client's threads alike.
 *
 * <p>A publish is counted once per attempt: a retransmit is a second {@code sent}. An attempt cut off
 * by a planned outage or a connection the server closed is {@code interrupted} and sent again
 * later, so it is no failure.
 */
public final class RunCounters {

  private final Map<TopicKind, LongAdder> sent = new EnumMap<>(TopicKind.class);
  private final Map<TopicKind, LongAdder> acked = new EnumMap<>(TopicKind.class);
  private final LongAdder rejected = new LongAdder();
  private final LongAdder interrupted = new LongAdder();
  private final LongAdder retransmitted = new LongAdder();
  private final LongAdder outages = new LongAdder();
  private final LongAdder linksLost = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  // Auto-resizing with 3 significant digits: a stalled server must not overflow the histogram.
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
  private final AtomicReference<String> firstProblem = new AtomicReference<>();

  public RunCounters() {
    for (TopicKind kind : TopicKind.values()) {
      sent.put(kind, new LongAdder());
      acked.put(kind, new LongAdder());
    }
  }

  void sent(TopicKind kind) {
    sent.get(kind).increment();
  }

  void acked(TopicKind kind, long micros) {
    latencyMicros.recordValue(micros);
    acked.get(kind).increment();
  }

  void rejected(long micros, String problem) {
    latencyMicros.recordValue(micros);
    rejected.increment();
    remember(problem);
  }

  void interrupted() {
    interrupted.increment();
  }

  void retransmitted() {
    retransmitted.increment();
  }

  void outage() {
    outages.increment();
  }

  void linkLost() {
    linksLost.increment();
  }

  void connectFailed(String problem) {
    connectFailures.increment();
    remember(problem);
  }

  private void remember(String problem) {
    firstProblem.compareAndSet(null, problem);
  }

  public String firstProblem() {
    return firstProblem.get();
  }

  public RunFigures figures() {
    // Outcomes before "sent", so that pending() never goes negative.
    Map<TopicKind, Long> ackedNow = new EnumMap<>(TopicKind.class);
    acked.forEach((kind, count) -> ackedNow.put(kind, count.sum()));
    long rej = rejected.sum();
    long cut = interrupted.sum();
    Map<TopicKind, Long> sentNow = new EnumMap<>(TopicKind.class);
    sent.forEach((kind, count) -> sentNow.put(kind, count.sum()));
    long p50 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(50);
    long p99 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99);
    return new RunFigures(
        sentNow, ackedNow, rej, cut, retransmitted.sum(), outages.sum(), linksLost.sum(), connectFailures.sum(), p50,
        p99);
  }
}
