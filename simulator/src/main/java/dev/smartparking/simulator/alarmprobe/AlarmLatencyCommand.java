package dev.smartparking.simulator.alarmprobe;

import dev.smartparking.simulator.ReportOption;
import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.provision.CatalogueProvisioner;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code alarm-latency}: how long after its PUBACK a tilted reading's alarm is in the API and at the unit's webhook. */
@Command(
    name = "alarm-latency",
    mixinStandardHelpOptions = true,
    description = {
      "Provisions a probe district, unit (its webhook a signed receiver of this command's), cover and sensor,",
      "then for --duration raises one tilt alarm at a time over MQTT 5 QoS 1, timing PUBACK to listed in",
      "GET /api/v1/covers/alarms and PUBACK to the alarm.raised delivery, and resolves it as an operator.",
      "The server must allow loopback webhooks (alarms.webhook-allow-loopback). Run it beside a load to see",
      "the alarm path under that load. Exit 0, or 1 if an alarm never showed or never arrived."
    })
public final class AlarmLatencyCommand implements Callable<Integer> {

  @Option(names = "--api", required = true, description = "Base address of the platform API.")
  String api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role (provisioning).")
  String adminToken;

  @Option(names = "--operator-token", required = true, description = "Bearer token with the operator role (resolving).")
  String operatorToken;

  @Option(names = "--mqtt-host", defaultValue = "127.0.0.1", description = "MQTT server (default ${DEFAULT-VALUE}).")
  String mqttHost;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--duration", defaultValue = "30s", description = "How long to probe (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--interval", defaultValue = "100ms", description = "Pause between probes (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--timeout", defaultValue = "30s", description = "An alarm not listed, or not delivered, after this counts as never (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--name", defaultValue = "alarms", description = "Suffix of the probe's district, unit, cover and device ids (default ${DEFAULT-VALUE}).")
  String name;

  @Mixin ReportOption report;

  @Override
  public Integer call() throws Exception {
    byte[] secretBytes = new byte[24];
    new SecureRandom().nextBytes(secretBytes);
    ProbeCover cover = ProbeCover.named(name, Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes));
    try (WebhookReceivers receivers =
        WebhookReceivers.start(List.of(new Unit(cover.unitId(), "alarm probe", Optional.empty())), 0, 1)) {
      new CatalogueProvisioner(api, adminToken).provision(cover.catalogue(receivers.webhooks().get(cover.unitId())));
      DeviceConnection connection =
          new Broker(mqttHost, mqttPort, MqttVersion.V5).connectionFor(cover.deviceId(), cover.secret());
      connection.connect().get(15, TimeUnit.SECONDS);
      AlarmProbe probe = new AlarmProbe(cover, connection, new ApiClient(api, operatorToken), receivers, timeout);
      try {
        run(probe);
      } finally {
        connection.disconnect().get(5, TimeUnit.SECONDS);
      }
      report.write(report(probe));
      return probe.neverVisible() == 0 && probe.neverDelivered() == 0 ? 0 : 1;
    }
  }

  private void run(AlarmProbe probe) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < end) {
      probe.probeOnce();
      if (System.nanoTime() >= nextLine) {
        nextLine += TimeUnit.SECONDS.toNanos(1);
        System.err.printf(
            "alarm-latency | alarms %d | listed p50 %.1f ms p99 %.1f ms | delivered p50 %.1f ms p99 %.1f ms | puback p50 %.1f ms | never listed %d, never delivered %d%n",
            probe.probes(), ms(probe.visibleMicros(), 50), ms(probe.visibleMicros(), 99),
            ms(probe.deliveredMicros(), 50), ms(probe.deliveredMicros(), 99), ms(probe.pubackMicros(), 50),
            probe.neverVisible(), probe.neverDelivered());
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private static JsonObject report(AlarmProbe probe) {
    return new JsonObject()
        .put("alarms", probe.probes())
        .put("never_listed", probe.neverVisible())
        .put("never_delivered", probe.neverDelivered())
        .put("listed_after_puback_ms", figures(probe.visibleMicros()))
        .put("delivered_after_puback_ms", figures(probe.deliveredMicros()))
        .put("puback_ms", figures(probe.pubackMicros()));
  }

  private static JsonObject figures(Histogram micros) {
    return new JsonObject()
        .put("count", micros.getTotalCount())
        .put("p50", ms(micros, 50))
        .put("p90", ms(micros, 90))
        .put("p99", ms(micros, 99))
        .put("max", micros.getMaxValue() / 1000.0);
  }

  private static double ms(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }
}
