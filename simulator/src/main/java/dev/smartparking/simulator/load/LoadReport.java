package dev.smartparking.simulator.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The final figures of a load run, as the JSON document the command prints (fields in the README).
 *
 * @param end counters after every process drained and disconnected
 * @param atStart counters when publishing started (all connections made)
 * @param atStop counters when publishing stopped (before the drain)
 * @param ackMicros every acknowledgement's latency, send to PUBACK (QoS 1) or PUBCOMP (QoS 2)
 * @param receivedMicros every PUBREC's latency (QoS 2)
 */
public record LoadReport(
    String command,
    LoadSettings settings,
    MessageMix mix,
    int connections,
    int processes,
    List<String> sourceAddresses,
    String transport,
    double connectSeconds,
    double publishSeconds,
    LoadCounts end,
    LoadCounts atStart,
    LoadCounts atStop,
    Histogram ackMicros,
    Histogram receivedMicros,
    Map<String, Long> errorsByKind,
    long processFailures,
    String firstProblem) {

  public long errors() {
    return end.errors() + processFailures;
  }

  public JsonObject toJson() {
    long publishedSent = atStop.sent() - atStart.sent();
    long publishedAcked = atStop.acknowledged() - atStart.acknowledged();
    JsonObject latency = new JsonObject().put("ack", percentiles(ackMicros));
    if (settings.qos() == 2) {
      latency.put("pubrec", percentiles(receivedMicros));
    }
    double cpuSeconds = (atStop.cpuNanos() - atStart.cpuNanos()) / 1e9;
    return new JsonObject()
        .put("command", command)
        .put(
            "target",
            new JsonObject()
                .put("host", settings.host())
                .put("ports", new JsonArray(settings.ports()))
                .put("mqtt_version", settings.version().label())
                .put("qos", settings.qos())
                .put("mix", mix.label())
                .put("telemetry_share", mix.telemetryShare())
                .put("alarm_share", mix.alarmShare())
                .put("login", settings.sharedLogin() ? "shared" : "per device"))
        .put(
            "plan",
            new JsonObject()
                .put("connections", connections)
                .put("processes", processes)
                .put("threads_per_process", settings.threads())
                .put("source_addresses", new JsonArray(sourceAddresses))
                .put("transport", transport)
                .put("window", settings.window())
                .put("batch", settings.batch())
                .put("rate_per_s", settings.paced() ? settings.ratePerSecond() : null)
                .put("connect_rate_per_s", settings.connectRatePerSecond()))
        .put(
            "connections",
            new JsonObject()
                .put("target", connections)
                .put("opened", end.connected())
                .put("open_at_start", atStart.open())
                .put("open_at_stop", atStop.open())
                .put("connect_failures", end.connectFailures())
                .put("lost", end.connectionsLost())
                .put("connect_seconds", round(connectSeconds, 3)))
        .put(
            "messages",
            new JsonObject()
                .put("sent", end.sent())
                .put("acknowledged", end.acknowledged())
                .put("rejected", end.rejected())
                .put("pubrec", end.received())
                .put("unacknowledged", end.unacknowledged()))
        .put(
            "publish_phase",
            new JsonObject()
                .put("seconds", round(publishSeconds, 3))
                .put("sent", publishedSent)
                .put("acknowledged", publishedAcked)
                .put("sent_per_s", round(publishedSent / Math.max(1e-9, publishSeconds), 1))
                .put("acknowledged_per_s", round(publishedAcked / Math.max(1e-9, publishSeconds), 1)))
        .put("latency_ms", latency)
        .put(
            "errors",
            new JsonObject()
                .put("total", errors())
                .put("by_kind", new JsonObject(new LinkedHashMap<>(errorsByKind)))
                .put("first", firstProblem))
        .put(
            "generator_cpu",
            new JsonObject()
                .put("seconds", round(cpuSeconds, 3))
                .put("us_per_message", publishedSent == 0 ? null : round(cpuSeconds * 1e6 / publishedSent, 2))
                // Cores the generator kept busy while publishing: near its core count, it was the limit.
                .put("cores", round(cpuSeconds / Math.max(1e-9, publishSeconds), 2)));
  }

  private static JsonObject percentiles(Histogram micros) {
    JsonObject json = new JsonObject().put("count", micros.getTotalCount());
    if (micros.getTotalCount() == 0) {
      return json;
    }
    return json.put("p50", ms(micros.getValueAtPercentile(50)))
        .put("p90", ms(micros.getValueAtPercentile(90)))
        .put("p99", ms(micros.getValueAtPercentile(99)))
        .put("p999", ms(micros.getValueAtPercentile(99.9)))
        .put("max", ms(micros.getMaxValue()))
        .put("mean", round(micros.getMean() / 1000.0, 3));
  }

  private static double ms(long micros) {
    return round(micros / 1000.0, 3);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
