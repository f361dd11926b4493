package dev.smartparking.simulator.freshness;

import dev.smartparking.simulator.ReportOption;
import dev.smartparking.simulator.availability.AvailabilityClient;
import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.provision.CatalogueProvisioner;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code freshness}: how long after its PUBACK an accepted status shows in the availability API. */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description = {
      "Provisions a probe district, lot and gateway of its own, then for --duration publishes one status",
      "at a time and polls GET /api/v1/availability until the probe district shows it, timing PUBACK to",
      "visible. Run it beside a load to see freshness under that load. Exit 0, or 1 if a probe never showed."
    })
public final class FreshnessCommand implements Callable<Integer> {

  @Option(names = "--api", required = true, description = "Base address of the platform API.")
  String api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role (provisioning).")
  String adminToken;

  @Option(names = "--reader-token", required = true, description = "Bearer token with the reader role.")
  String readerToken;

  @Option(names = "--mqtt-host", defaultValue = "127.0.0.1", description = "MQTT server (default ${DEFAULT-VALUE}).")
  String mqttHost;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--duration", defaultValue = "30s", description = "How long to probe (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--interval", defaultValue = "100ms", description = "Pause between probes (default ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--visible-timeout", defaultValue = "10s", description = "A probe not visible after this counts as never visible (default ${DEFAULT-VALUE}).")
  Duration visibleTimeout;

  @Option(names = "--name", defaultValue = "freshness", description = "Suffix of the probe's district, lot and device ids (default ${DEFAULT-VALUE}).")
  String name;

  @Mixin ReportOption report;

  @Override
  public Integer call() throws Exception {
    byte[] secretBytes = new byte[24];
    new java.security.SecureRandom().nextBytes(secretBytes);
    ProbeLot lot = ProbeLot.named(name, Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes));
    new CatalogueProvisioner(api, adminToken).provision(lot.catalogue());
    DeviceConnection connection =
        new Broker(mqttHost, mqttPort, MqttVersion.V5).connectionFor(lot.deviceId(), lot.secret());
    connection.connect().get(15, TimeUnit.SECONDS);
    FreshnessProbe probe = new FreshnessProbe(lot, connection, new AvailabilityClient(api, readerToken), visibleTimeout);
    try {
      run(probe);
    } finally {
      connection.disconnect().get(5, TimeUnit.SECONDS);
    }
    report.write(report(probe));
    return probe.neverVisible() == 0 ? 0 : 1;
  }

  private void run(FreshnessProbe probe) throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    long nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < end) {
      probe.probeOnce();
      if (System.nanoTime() >= nextLine) {
        nextLine += TimeUnit.SECONDS.toNanos(1);
        System.err.printf(
            "freshness | probes %d | visible p50 %.1f ms p99 %.1f ms max %.1f ms | puback p50 %.1f ms | never visible %d%n",
            probe.probes(),
            ms(probe.freshnessMicros(), 50),
            ms(probe.freshnessMicros(), 99),
            probe.freshnessMicros().getMaxValue() / 1000.0,
            ms(probe.pubackMicros(), 50),
            probe.neverVisible());
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private static JsonObject report(FreshnessProbe probe) {
    return new JsonObject()
        .put("probes", probe.probes())
        .put("never_visible", probe.neverVisible())
        .put("visible_after_puback_ms", figures(probe.freshnessMicros()))
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
