package dev.smartparking.simulator.load;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Drives the processes of a load run through its steps — connect all, publish for the duration,
 * stop, drain — and prints the progress line every second meanwhile.
 *
 * <p>Publishing starts only once every process has tried all its connections, so the figures of
 * the publish phase are those of the full connection count, not of a ramp.
 */
final class LoadSession {

  /** How long each step took, in seconds. */
  record Timings(double connectSeconds, double publishSeconds) {}

  private final Workers workers;
  private final LoadTotals totals;
  private final PrintWriter progress;
  private final Duration duration;
  private final int target;
  private volatile String phase = "connecting";
  private volatile long phaseStartNanos;

  LoadSession(Workers workers, LoadTotals totals, PrintWriter progress, Duration duration, int target) {
    this.workers = workers;
    this.target = target;
    this.totals = totals;
    this.progress = progress;
    this.duration = duration;
  }

  Timings run() throws InterruptedException {
    long start = System.nanoTime();
    phaseStartNanos = start;
    LoadProgressLine line = new LoadProgressLine(target, start);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "load-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(() -> print(line), 1, 1, TimeUnit.SECONDS);
    try {
      workers.awaitConnected();
      long connected = System.nanoTime();
      enter("publishing", connected);
      workers.start();
      long started = System.nanoTime();
      TimeUnit.NANOSECONDS.sleep(duration.toNanos());
      workers.stop();
      long stopped = System.nanoTime();
      enter("draining", stopped);
      workers.finish();
      return new Timings((connected - start) / 1e9, (stopped - started) / 1e9);
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
      enter("done", System.nanoTime());
      print(line);
    }
  }

  private void enter(String next, long nowNanos) {
    phaseStartNanos = nowNanos;
    phase = next;
  }

  private synchronized void print(LoadProgressLine line) {
    workers.poll();
    long now = System.nanoTime();
    progress.println(
        line.next(
            phase,
            (now - phaseStartNanos) / 1_000_000_000L,
            totals.latest(),
            totals.takeAckSinceSample(),
            totals.processFailures(),
            now));
    progress.flush();
  }
}
