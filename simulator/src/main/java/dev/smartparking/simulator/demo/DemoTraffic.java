package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.device.DeliveryStats;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Runs accelerated time on the calling thread, moving every lot and letting its gateway publish.
 *
 * <p>Each tick moves each lot's occupancy to the current simulated time and lets its gateway decide
 * whether to publish; once a second it prints the progress line.
 */
public final class DemoTraffic {

  private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final SimClock clock;
  private final List<SimulatedLot> lots;
  private final DeliveryStats stats;
  private final Duration tick;
  private final PrintWriter progress;
  private final RandomGenerator random;
  private final int clients;

  /**
   * @param clients gateways that tried to connect, including those that failed, for the progress line
   */
  public DemoTraffic(
      SimClock clock,
      List<SimulatedLot> lots,
      DeliveryStats stats,
      Duration tick,
      PrintWriter progress,
      RandomGenerator random,
      int clients) {
    this.clock = clock;
    this.lots = List.copyOf(lots);
    this.stats = stats;
    this.tick = tick;
    this.progress = progress;
    this.random = random;
    this.clients = clients;
  }

  public void run() throws InterruptedException {
    Duration simDone = Duration.ZERO;
    long lastProgress = clock.wallStartNanos();
    while (true) {
      long now = System.nanoTime();
      Duration simElapsed = clock.simElapsed(now);
      double minutes = simElapsed.minus(simDone).toNanos() / 60e9;
      simDone = simElapsed;
      LocalTime simTime = clock.simStart().plus(simElapsed);
      long wallMillis = System.currentTimeMillis();
      for (SimulatedLot lot : lots) {
        int free = lot.occupancy().advance(simTime, minutes, random);
        lot.gateway().observe(free, wallMillis);
      }
      boolean finished = clock.finishedAt(now);
      // The last line always shows the end of simulated time, even between two seconds.
      if (finished || now - lastProgress >= PROGRESS_EVERY_NANOS) {
        lastProgress = now;
        printProgress(simTime);
      }
      if (finished) {
        return;
      }
      Thread.sleep(tick.toMillis());
    }
  }

  public int connectedClients() {
    return (int) lots.stream().filter(lot -> lot.gateway().connection().isConnected()).count();
  }

  private void printProgress(LocalTime simTime) {
    progress.println(
        ProgressLine.format(simTime, stats.figures(), stats.connectFailures(), connectedClients(), clients));
    progress.flush();
  }
}
