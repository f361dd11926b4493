package dev.smartparking.simulator.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A load run as child JVMs of this one, one slice each.
 *
 * <p>Each child writes one JSON line of {@link WorkerFigures} per second and per step to its
 * stdout, which feeds the totals; the parent writes {@code start} and {@code stop} lines to its
 * stdin. A child whose stdin closes stops and exits, so children never outlive their parent's
 * intent. Their stderr (logs) passes through.
 */
final class ChildWorkers implements Workers {

  static final String START = "start";
  static final String STOP = "stop";

  private static final Logger LOG = LoggerFactory.getLogger(ChildWorkers.class);

  private final List<Process> processes = new ArrayList<>();
  private final List<OutputStream> commands = new ArrayList<>();
  private final CountDownLatch connected;
  private final CountDownLatch finished;
  private final LoadTotals totals;
  private final long finishTimeoutMillis;

  /**
   * @param commandLines one full command line per child, the i-th running slice i+1
   * @param finishTimeoutMillis how long children may take to drain and disconnect
   */
  ChildWorkers(List<List<String>> commandLines, LoadTotals totals, long finishTimeoutMillis) throws IOException {
    this.totals = totals;
    this.connected = new CountDownLatch(commandLines.size());
    this.finished = new CountDownLatch(commandLines.size());
    this.finishTimeoutMillis = finishTimeoutMillis;
    try {
      for (int i = 0; i < commandLines.size(); i++) {
        Process process =
            new ProcessBuilder(commandLines.get(i)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        processes.add(process);
        commands.add(process.getOutputStream());
        int worker = i;
        Thread reader = new Thread(() -> read(worker, process), "load-child-" + (i + 1));
        reader.setDaemon(true);
        reader.start();
      }
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void read(int worker, Process process) {
    boolean gotConnected = false;
    boolean gotFinal = false;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.startsWith("{")) {
          continue;
        }
        WorkerFigures figures = WorkerFigures.fromJsonLine(line);
        totals.accept(worker, figures);
        if (figures.mark() == Mark.CONNECTED && !gotConnected) {
          gotConnected = true;
          connected.countDown();
        } else if (figures.mark() == Mark.FINAL && !gotFinal) {
          gotFinal = true;
          finished.countDown();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("process {}: cannot read its figures: {}", worker + 1, e.toString());
    }
    if (!gotFinal) {
      String why = exitDescription(process);
      LOG.warn("process {} ended without its final figures: {}", worker + 1, why);
      totals.processFailed(worker, why);
    }
    // Whatever happened, nobody waits for this child any longer.
    if (!gotConnected) {
      connected.countDown();
    }
    if (!gotFinal) {
      finished.countDown();
    }
  }

  private static String exitDescription(Process process) {
    try {
      if (process.waitFor(5, TimeUnit.SECONDS)) {
        return "exited with code " + process.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "stopped reporting";
  }

  @Override
  public void awaitConnected() throws InterruptedException {
    connected.await();
  }

  @Override
  public void start() {
    sendToAll(START);
  }

  @Override
  public void stop() {
    sendToAll(STOP);
  }

  private void sendToAll(String command) {
    byte[] line = (command + "\n").getBytes(StandardCharsets.UTF_8);
    for (OutputStream out : commands) {
      try {
        out.write(line);
        out.flush();
      } catch (IOException e) {
        // A child that is gone already shows up as failed in the totals.
        LOG.debug("could not send {}: {}", command, e.toString());
      }
    }
  }

  @Override
  public void finish() throws InterruptedException {
    if (!finished.await(finishTimeoutMillis, TimeUnit.MILLISECONDS)) {
      LOG.warn("not every process finished within {} ms", finishTimeoutMillis);
    }
  }

  @Override
  public void poll() {
    // Children push their figures.
  }

  /** Closes the children's stdin (they stop and exit), then ends any still running after ten seconds. */
  @Override
  public void close() {
    for (OutputStream out : commands) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.debug("closing a child's stdin: {}", e.toString());
      }
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** How to start this JVM again with another main: the same java binary, heap settings and class path. */
  static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
    // Heap and GC settings only: agents and debug ports must not be opened twice.
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-X")) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    return command;
  }
}
