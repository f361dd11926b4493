package dev.smartparking.simulator.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Adds up the figures of every process of a run: each one's latest counters and those at the start
 * and stop of publishing, and every latency any of them recorded.
 */
final class LoadTotals {

  private final LoadCounts[] latest;
  private final LoadCounts[] started;
  private final LoadCounts[] stopped;
  private final Map<Integer, Map<String, Long>> errors = new TreeMap<>();
  private final Map<Integer, String> firstProblems = new TreeMap<>();
  private final Map<String, Long> processFailures = new LinkedHashMap<>();
  private final Histogram ackRun = new Histogram(3);
  private final Histogram receivedRun = new Histogram(3);
  private Histogram ackSinceSample = new Histogram(3);

  LoadTotals(int workers) {
    latest = new LoadCounts[workers];
    started = new LoadCounts[workers];
    stopped = new LoadCounts[workers];
  }

  synchronized void accept(int worker, WorkerFigures figures) {
    latest[worker] = figures.counts();
    if (figures.mark() == Mark.STARTED) {
      started[worker] = figures.counts();
    } else if (figures.mark() == Mark.STOPPED) {
      stopped[worker] = figures.counts();
    }
    ackRun.add(figures.ackMicros());
    ackSinceSample.add(figures.ackMicros());
    receivedRun.add(figures.receivedMicros());
    errors.put(worker, figures.errorsByKind());
    if (figures.firstProblem() != null) {
      firstProblems.putIfAbsent(worker, figures.firstProblem());
    }
  }

  /** A process that ended without its final figures. */
  synchronized void processFailed(int worker, String why) {
    processFailures.merge("process: " + why, 1L, Long::sum);
    firstProblems.putIfAbsent(worker, "process " + (worker + 1) + ": " + why);
  }

  synchronized long processFailures() {
    return processFailures.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized LoadCounts latest() {
    return sum(latest);
  }

  synchronized LoadCounts atStart() {
    return sum(started);
  }

  synchronized LoadCounts atStop() {
    return sum(stopped);
  }

  /** Acknowledgement latencies recorded since the previous call. */
  synchronized Histogram takeAckSinceSample() {
    Histogram taken = ackSinceSample;
    ackSinceSample = new Histogram(3);
    return taken;
  }

  synchronized Histogram ackRun() {
    return ackRun.copy();
  }

  synchronized Histogram receivedRun() {
    return receivedRun.copy();
  }

  synchronized Map<String, Long> errorsByKind() {
    Map<String, Long> merged = new TreeMap<>();
    errors.values().forEach(kinds -> kinds.forEach((kind, n) -> merged.merge(kind, n, Long::sum)));
    processFailures.forEach((kind, n) -> merged.merge(kind, n, Long::sum));
    return merged;
  }

  synchronized String firstProblem() {
    return firstProblems.values().stream().findFirst().orElse(null);
  }

  private static LoadCounts sum(LoadCounts[] counts) {
    LoadCounts total = LoadCounts.ZERO;
    for (LoadCounts c : counts) {
      if (c != null) {
        total = total.plus(c);
      }
    }
    return total;
  }
}
