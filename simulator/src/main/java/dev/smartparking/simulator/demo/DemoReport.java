package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.availability.Availability;
import dev.smartparking.simulator.availability.AvailabilityClient;
import dev.smartparking.simulator.availability.AvailabilityTable;
import dev.smartparking.simulator.device.DeliveryFigures;
import dev.smartparking.simulator.device.LotGateway;
import dev.smartparking.simulator.http.ApiFailure;
import java.io.PrintWriter;
import java.util.List;

/** The demo's closing report: the API's availability table, the simulator's own view, delivery figures. */
final class DemoReport {

  private final PrintWriter out;
  private final PrintWriter err;

  DemoReport(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** Prints the availability table; returns whether the API answered. */
  boolean availability(AvailabilityClient client) {
    try {
      Availability availability = client.fetch();
      out.println();
      out.print(AvailabilityTable.render(availability));
      return true;
    } catch (ApiFailure failure) {
      err.println("availability failed: " + failure.describe());
      return false;
    }
  }

  /**
   * Prints what the simulator last told the server, next to its table so that a gap shows; the
   * server may also hold lots from earlier runs, so a difference alone is no failure.
   */
  void ownView(List<LotGateway> gateways) {
    long total = gateways.stream().mapToLong(g -> g.lot().capacity()).sum();
    long free = gateways.stream().mapToLong(g -> Math.max(0, g.lastPublishedFree())).sum();
    out.println(
        "simulator's own view: %d lots reporting, total %d, free %d (last snapshots sent)"
            .formatted(gateways.size(), total, free));
  }

  void figures(DeliveryFigures figures, String firstProblem) {
    out.println(
        "messages sent %d, acknowledged %d, rejected %d, failed %d, unacknowledged %d; PUBACK latency p50 %s, p99 %s"
            .formatted(
                figures.sent(),
                figures.acknowledged(),
                figures.rejected(),
                figures.failed(),
                figures.pending(),
                ProgressLine.millis(figures.p50Micros()),
                ProgressLine.millis(figures.p99Micros())));
    if (firstProblem != null) {
      out.println("first problem: " + firstProblem);
    }
    out.flush();
  }
}
