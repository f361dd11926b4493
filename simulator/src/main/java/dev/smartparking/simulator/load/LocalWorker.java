package dev.smartparking.simulator.load;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * A load run in this JVM, reporting its figures to a sink: straight into the totals when it is the
 * only process, or as JSON lines to the parent when it is one slice of several.
 */
final class LocalWorker implements Workers {

  private final LoadRun run;
  private final LoadRecorder recorder;
  private final Duration drainTimeout;
  private final Consumer<WorkerFigures> sink;
  private boolean finished;

  LocalWorker(LoadRun run, LoadRecorder recorder, Duration drainTimeout, Consumer<WorkerFigures> sink) {
    this.run = run;
    this.recorder = recorder;
    this.drainTimeout = drainTimeout;
    this.sink = sink;
  }

  @Override
  public void awaitConnected() throws InterruptedException {
    run.connectAll();
    report(Mark.CONNECTED);
  }

  @Override
  public void start() {
    run.start();
    report(Mark.STARTED);
  }

  @Override
  public void stop() {
    run.stop();
    report(Mark.STOPPED);
  }

  @Override
  public void finish() throws InterruptedException {
    run.drain(drainTimeout);
    run.close();
    report(Mark.FINAL);
  }

  @Override
  public void poll() {
    report(Mark.TICK);
  }

  /** One at a time, so the sink sees snapshots in the order they were taken. */
  private synchronized void report(Mark mark) {
    if (finished) {
      return;
    }
    finished = mark == Mark.FINAL;
    sink.accept(recorder.snapshot(mark));
  }

  @Override
  public void close() {
    run.close();
  }
}
