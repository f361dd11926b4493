package dev.smartparking.simulator.flood;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The flood's JSON report: what was asked, what was reached, the results, and the generator's own cost. */
final class FloodReport {

  private FloodReport() {}

  static JsonObject of(FloodSettings settings, FloodRun run, long cpuNanos, boolean settled) {
    FloodTally tally = run.tally();
    long started = tally.started();
    double seconds = run.startingSeconds();
    double cpuSeconds = cpuNanos / 1e9;
    return new JsonObject()
        .put("asked", new JsonObject()
            .put("rate_per_s", settings.ratePerSecond())
            .put("duration_s", settings.duration().toMillis() / 1000.0)
            .put("in_flight", settings.inFlight()))
        .put("started_per_s", round(started / seconds))
        .put("starting_seconds", round(seconds))
        // Pacer ticks that found a CONNECT due but every in-flight slot taken: the server answering
        // more slowly than asked, not the generator.
        .put("ticks_held_back_by_in_flight", run.heldBack())
        .put("settled", settled)
        .put("results", tally.toJson())
        .put("generator_cpu", new JsonObject()
            .put("seconds", round(cpuSeconds))
            .put("us_per_connect", started == 0 ? null : round(cpuSeconds * 1e6 / started))
            .put("one_core_ceiling_per_s", cpuSeconds == 0 ? null : Math.round(started / cpuSeconds))
            .put("event_loop_seconds", round(run.loopCpuNanos() / 1e9))
            .put("event_loop_us_per_connect", started == 0 || run.loopCpuNanos() == 0 ? null
                : round(run.loopCpuNanos() / 1e3 / started)));
  }

  /** The generator's cost, for stderr beside the rate it reached. */
  static String cpuLine(JsonObject report) {
    JsonObject cpu = report.getJsonObject("generator_cpu");
    JsonObject results = report.getJsonObject("results");
    return String.format(Locale.ROOT,
        "flood: %,d CONNECTs at %,.0f/s; refused %,d, accepted %,d, no CONNACK %,d (connect failed %,d, closed %,d,"
            + " timed out %,d); generator CPU %.1f s, %s µs a CONNECT (one core: %s/s at most), of which its event"
            + " loop %s µs (the rest: JIT compiler, garbage collector)",
        results.getLong("started"), report.getDouble("started_per_s"), results.getLong("refused"),
        results.getLong("accepted"),
        results.getLong("connect_failures") + results.getLong("closed_without_connack") + results.getLong("timeouts")
            + results.getLong("malformed_answers"),
        results.getLong("connect_failures"), results.getLong("closed_without_connack"), results.getLong("timeouts"),
        cpu.getDouble("seconds"), cpu.getValue("us_per_connect"), cpu.getValue("one_core_ceiling_per_s"),
        cpu.getValue("event_loop_us_per_connect"));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
