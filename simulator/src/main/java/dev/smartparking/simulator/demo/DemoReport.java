package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.availability.Availability;
import dev.smartparking.simulator.availability.AvailabilityClient;
import dev.smartparking.simulator.availability.AvailabilityTable;
import dev.smartparking.simulator.city.AlarmType;
import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.realistic.CityRun;
import dev.smartparking.simulator.realistic.CoverSensor;
import dev.smartparking.simulator.realistic.LotGateway;
import dev.smartparking.simulator.realistic.LotModel;
import dev.smartparking.simulator.realistic.ProgressLine;
import dev.smartparking.simulator.realistic.RunFigures;
import dev.smartparking.simulator.realistic.RunSettings;
import dev.smartparking.simulator.realistic.SimulatedDevice;
import dev.smartparking.simulator.realistic.TopicKind;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's plan line and closing report: the API's availability table, the simulator's own view, a summary. */
final class DemoReport {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  private final PrintWriter out;
  private final PrintWriter err;

  DemoReport(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  static String plan(RunSettings settings) {
    double speedUp = settings.simSpan().toNanos() / (double) settings.wallDuration().toNanos();
    String rain =
        settings.rain()
            .map(r -> "rain from %s for %d min".formatted(r.start().format(WHEN), r.length().toMinutes()))
            .orElse("no rain");
    return "simulating %s to %s at %.0f× (%s)"
        .formatted(settings.start().format(WHEN), settings.start().plus(settings.simSpan()).format(WHEN), speedUp, rain);
  }

  /**
   * How the covers' report intervals were provisioned for the run (wall seconds, since the server
   * judges silence by its own clock), and where the units' webhooks point.
   */
  static String coverTiming(City generated, City provisioned, RunSettings settings, int receiverPort) {
    IntSummaryStatistics simulated = generated.covers().stream().mapToInt(c -> c.limits().reportIntervalS()).summaryStatistics();
    IntSummaryStatistics wall = provisioned.covers().stream().mapToInt(c -> c.limits().reportIntervalS()).summaryStatistics();
    if (simulated.getCount() == 0) {
      return "no covers";
    }
    return ("covers report every %s s of simulated time, provisioned as report_interval_s %s (wall seconds at %.0f×:"
            + " the server judges silence by its own clock); a silent alarm after 2 × that + the server's sweep (%s);"
            + " webhooks: a receiver per unit on 127.0.0.1:%d")
        .formatted(
            range(simulated), range(wall), settings.speedUp(), "every %.1f s".formatted(settings.silences().sweepInterval().toMillis() / 1000.0), receiverPort);
  }

  private static String range(IntSummaryStatistics stats) {
    return stats.getMin() == stats.getMax() ? Integer.toString(stats.getMin()) : stats.getMin() + "–" + stats.getMax();
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
   * Prints the model's truth next to the table, so that a gap shows; the server may also hold lots
   * from earlier runs, so a difference alone is no failure.
   */
  void ownView(List<SimulatedDevice> running) {
    List<LotModel> lots = new ArrayList<>();
    for (SimulatedDevice device : running) {
      if (device instanceof LotGateway gateway) {
        lots.add(gateway.model());
      }
    }
    long total = lots.stream().mapToLong(LotModel::capacity).sum();
    long free = lots.stream().mapToLong(LotModel::free).sum();
    out.println("simulator's own view: %d lots reporting, total %d, free %d (the model's truth)".formatted(lots.size(), total, free));
  }

  void summary(RunFigures figures, int leftOver, CityRun run, RunSettings settings, String firstProblem) {
    StringBuilder sent = new StringBuilder();
    for (TopicKind kind : TopicKind.values()) {
      sent.append(sent.length() == 0 ? "" : ", ").append(kind.wireName()).append(' ').append(figures.sent().get(kind));
    }
    out.println(
        "sent: %s (%d in all); acknowledged %d, rejected %d, unacknowledged %d; PUBACK p50 %s, p99 %s"
            .formatted(
                sent,
                figures.sentTotal(),
                figures.ackedTotal(),
                figures.rejected(),
                figures.pending(),
                ProgressLine.millis(figures.p50Micros()),
                ProgressLine.millis(figures.p99Micros())));
    out.println(
        ("outages: %d, %d messages cut off by them retransmitted with their seq, ts and payload (duplicates when the"
                + " server had them); %d left undelivered at the end")
            .formatted(figures.outages(), figures.retransmitted(), leftOver));
    if (figures.linksLost() > 0) {
      out.println("connections the server closed: %d; each device reconnected and sent again what it had no answer for"
          .formatted(figures.linksLost()));
    }
    Map<AlarmType, Integer> alarms = new EnumMap<>(AlarmType.class);
    double highestWater = Double.NEGATIVE_INFINITY;
    int silent = 0;
    int back = 0;
    for (SimulatedDevice device : run.running()) {
      if (device instanceof CoverSensor sensor) {
        sensor.alarmsSeen().forEach(alarm -> alarms.merge(alarm, 1, Integer::sum));
        highestWater = Math.max(highestWater, sensor.maxWaterLevelCm());
        if (sensor.silence().isPresent()) {
          silent++;
          back += sensor.silence().get().until().isBefore(settings.start().plus(settings.simSpan())) ? 1 : 0;
        }
      }
    }
    String rain =
        settings.rain()
            .map(r -> "from %s for %d min".formatted(r.start().format(WHEN), r.length().toMinutes()))
            .orElse("none");
    out.println(
        "rain: %s; highest water level %s".formatted(rain, Double.isInfinite(highestWater) ? "-" : "%.1f cm from the rim".formatted(highestWater)));
    StringBuilder covers = new StringBuilder();
    for (AlarmType alarm : AlarmType.values()) {
      if (alarm != AlarmType.SILENT) {
        covers.append(covers.length() == 0 ? "" : ", ").append(alarm.wireName()).append(' ').append(alarms.getOrDefault(alarm, 0));
      }
    }
    out.println("covers with alarm-worthy readings (by each cover's thresholds): " + covers);
    out.println(
        "sensors fallen silent: %d (%d back before the end; the others, like every sensor once the run stops, go silent for good)"
            .formatted(silent, back));
    if (firstProblem != null) {
      out.println("first problem: " + firstProblem);
    }
    out.flush();
  }
}
