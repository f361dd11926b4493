package dev.smartparking.simulator.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The child side of a multi-process run: runs one slice, writes its figures as JSON lines to
 * stdout (once a second and at every step), and takes {@code start} and {@code stop} from stdin.
 *
 * <p>End of input at any point means the parent is gone: the slice is interrupted wherever it is
 * (connecting included), disconnects and returns, so no child outlives its parent.
 */
final class SliceRunner {

  private static final String END = "";

  private SliceRunner() {}

  static void run(LoadRun run, LoadRecorder recorder, LoadSettings settings, BufferedReader commands, PrintWriter figures) {
    LocalWorker worker =
        new LocalWorker(
            run,
            recorder,
            settings.drainTimeout(),
            f -> {
              synchronized (figures) {
                figures.println(f.toJsonLine());
                figures.flush();
              }
            });
    BlockingQueue<String> received = watch(commands, Thread.currentThread());
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "slice-figures");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(worker::poll, 1, 1, TimeUnit.SECONDS);
    try {
      worker.awaitConnected();
      await(received, ChildWorkers.START);
      worker.start();
      await(received, ChildWorkers.STOP);
      worker.stop();
      worker.finish();
    } catch (InterruptedException e) {
      // The parent is gone: nobody waits for these figures any more.
      Thread.currentThread().interrupt();
    } finally {
      ticker.shutdownNow();
      worker.close();
    }
  }

  /** Reads the parent's commands on a thread of its own; at end of input, interrupts {@code slice}. */
  private static BlockingQueue<String> watch(BufferedReader commands, Thread slice) {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = commands.readLine()) != null) {
                  if (!line.isBlank()) {
                    received.add(line.strip());
                  }
                }
              } catch (IOException e) {
                // Treated as the end of input.
              }
              received.add(END);
              slice.interrupt();
            },
            "slice-commands");
    reader.setDaemon(true);
    reader.start();
    return received;
  }

  private static void await(BlockingQueue<String> received, String expected) throws InterruptedException {
    String command;
    do {
      command = received.take();
      if (command.equals(END)) {
        throw new InterruptedException("the parent closed our input");
      }
    } while (!command.equals(expected));
  }
}
