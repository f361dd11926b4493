package dev.smartparking.simulator.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Counts what one process's connections did and records acknowledgement latencies; written by the
 * event loops, read once a second by the reporter.
 */
public final class LoadRecorder {

  /** Distinct error kinds kept by name; beyond that they are counted as "other", so a storm of varied messages cannot grow the map. */
  private static final int MAX_ERROR_KINDS = 32;

  private final long target;
  private final LongAdder sent = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder received = new LongAdder();
  private final LongAdder unacknowledged = new LongAdder();
  private final LongAdder connected = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder connectionsLost = new LongAdder();
  private final LongAdder protocolErrors = new LongAdder();
  private final AtomicLong open = new AtomicLong();
  /**
   * The longest latency told apart, an hour; longer ones are recorded as an hour. A range fixed up
   * front keeps recording allocation-free: an auto-resizing histogram copied its counts whenever a
   * stall stretched the range (seen in a JFR profile of a run against Mosquitto).
   */
  static final long MAX_LATENCY_MICROS = TimeUnit.HOURS.toMicros(1);

  // 3 significant digits.
  private final Recorder ackMicros = new Recorder(1, MAX_LATENCY_MICROS, 3);
  private final Recorder receivedMicros = new Recorder(1, MAX_LATENCY_MICROS, 3);
  private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
  private final AtomicReference<String> firstProblem = new AtomicReference<>();

  public LoadRecorder(long target) {
    this.target = target;
  }

  void sent(int messages) {
    sent.add(messages);
  }

  /** A PUBACK or PUBCOMP for a message sent at {@code sentNanos}. */
  void acknowledged(long sentNanos, long nowNanos, boolean negative) {
    ackMicros.recordValue(micros(sentNanos, nowNanos));
    acknowledged.increment();
    if (negative) {
      rejected.increment();
      remember("acknowledged with a negative reason code");
    }
  }

  /** A QoS 2 PUBREC for a message sent at {@code sentNanos}. */
  void received(long sentNanos, long nowNanos) {
    receivedMicros.recordValue(micros(sentNanos, nowNanos));
    received.increment();
  }

  private static long micros(long sentNanos, long nowNanos) {
    return Math.min(MAX_LATENCY_MICROS, Math.max(0, (nowNanos - sentNanos) / 1000));
  }

  void unacknowledged(int messages) {
    if (messages > 0) {
      unacknowledged.add(messages);
    }
  }

  void connected() {
    connected.increment();
    open.incrementAndGet();
  }

  void closed() {
    open.decrementAndGet();
  }

  void connectFailed(String kind) {
    connectFailures.increment();
    error("connect: " + kind);
  }

  void connectionLost(String kind) {
    connectionsLost.increment();
    error("lost: " + kind);
  }

  void protocolError(String kind) {
    protocolErrors.increment();
    error("protocol: " + kind);
  }

  private void error(String kind) {
    String key = errorsByKind.size() < MAX_ERROR_KINDS || errorsByKind.containsKey(kind) ? kind : "other";
    errorsByKind.computeIfAbsent(key, k -> new LongAdder()).increment();
    remember(kind);
  }

  private void remember(String problem) {
    firstProblem.compareAndSet(null, problem);
  }

  public LoadCounts counts() {
    // Outcomes before "sent", so that in-flight never reads negative.
    long ack = acknowledged.sum();
    long rej = rejected.sum();
    long rec = received.sum();
    long unack = unacknowledged.sum();
    return new LoadCounts(
        sent.sum(),
        ack,
        rej,
        rec,
        unack,
        connected.sum(),
        connectFailures.sum(),
        connectionsLost.sum(),
        protocolErrors.sum(),
        open.get(),
        target,
        ProcessCpu.nanos());
  }

  /** The counters now and the latencies recorded since the previous snapshot. */
  public synchronized WorkerFigures snapshot(Mark mark) {
    Map<String, Long> errors = new LinkedHashMap<>();
    errorsByKind.forEach((kind, count) -> errors.put(kind, count.sum()));
    return new WorkerFigures(
        mark,
        counts(),
        ackMicros.getIntervalHistogram(),
        receivedMicros.getIntervalHistogram(),
        errors,
        firstProblem.get());
  }

}
