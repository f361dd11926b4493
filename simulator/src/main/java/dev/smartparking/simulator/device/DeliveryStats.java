package dev.smartparking.simulator.device;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/** Counts published messages by outcome and records PUBACK latency; safe to update from client threads. */
public final class DeliveryStats {

  private final LongAdder sent = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  // Auto-resizing with 3 significant digits: a stalled server must not overflow the histogram.
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(3);
  private final AtomicReference<String> firstProblem = new AtomicReference<>();

  public void sent() {
    sent.increment();
  }

  /** Records how a publish that started at {@code startNanos} ended; {@code error} null means PUBACK success. */
  public void completed(long startNanos, Throwable error) {
    long micros = Math.max(0, (System.nanoTime() - startNanos) / 1000);
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause == null) {
      latencyMicros.recordValue(micros);
      acknowledged.increment();
    } else if (cause instanceof PublishRejected) {
      latencyMicros.recordValue(micros);
      rejected.increment();
      remember("rejected: " + cause.getMessage());
    } else {
      failed.increment();
      remember("not delivered: " + cause);
    }
  }

  public void connectFailed(String deviceId, Throwable error) {
    connectFailures.increment();
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    remember(deviceId + " could not connect: " + cause);
  }

  private void remember(String problem) {
    firstProblem.compareAndSet(null, problem);
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  /** The first thing that went wrong, for the final report. */
  public String firstProblem() {
    return firstProblem.get();
  }

  public DeliveryFigures figures() {
    // Read the outcomes before "sent" so that pending() never goes negative.
    long ack = acknowledged.sum();
    long rej = rejected.sum();
    long fail = failed.sum();
    long p50 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(50);
    long p99 = latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(99);
    return new DeliveryFigures(sent.sum(), ack, rej, fail, p50, p99);
  }
}
