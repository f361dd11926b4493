package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.availability.AvailabilityClient;
import dev.smartparking.simulator.catalogue.CatalogueJson;
import dev.smartparking.simulator.catalogue.CityOptions;
import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.DeliveryFigures;
import dev.smartparking.simulator.device.DeliveryStats;
import dev.smartparking.simulator.device.GatewayFleet;
import dev.smartparking.simulator.device.LotGateway;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.device.PublishPolicy;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.provision.CatalogueProvisioner;
import dev.smartparking.simulator.provision.ProvisioningReceipt;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: provisions a small Jiaozuo, plays its lot gateways in accelerated time, reports availability.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Generate and provision a small Jiaozuo, play its lot gateways over MQTT in accelerated time,"
            + " then print the availability the API reports.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:success",
      "2:bad usage",
      "3:provisioning failed",
      "4:a gateway could not connect",
      "5:a message was not acknowledged, or was rejected",
      "6:availability could not be read"
    })
public final class DemoCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  @Spec CommandSpec spec;

  @Mixin CityOptions city;

  @Option(names = "--api", defaultValue = "http://127.0.0.1:8080", description = "API base address (default ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role, for provisioning.")
  String adminToken;

  @Option(names = "--reader-token", required = true, description = "Bearer token with the reader role, for availability.")
  String readerToken;

  @Option(names = "--mqtt-host", defaultValue = "127.0.0.1", description = "Broker host (default ${DEFAULT-VALUE}).")
  String mqttHost;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "Broker port (default ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--mqtt-version", defaultValue = "5", description = "3.1.1 or 5 (default ${DEFAULT-VALUE}).")
  MqttVersion mqttVersion;

  @Option(names = "--start", defaultValue = "07:30", description = "Simulated weekday time to start at (default ${DEFAULT-VALUE}).")
  LocalTime start;

  @Option(names = "--sim-minutes", defaultValue = "60", description = "Simulated minutes the run covers (default ${DEFAULT-VALUE}).")
  int simMinutes;

  @Option(names = "--duration", defaultValue = "60s", description = "Wall-clock length of the run, e.g. 60s, 2m (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--min-interval", defaultValue = "1s", description = "Least wall time between two snapshots of a lot (default ${DEFAULT-VALUE}).")
  Duration minInterval;

  @Option(names = "--heartbeat", defaultValue = "30s", description = "Wall time after which an unchanged snapshot is repeated (default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Option(names = "--tick", defaultValue = "200ms", hidden = true, description = "Wall time between simulation steps.")
  Duration tick;

  @Option(names = "--connect-timeout", defaultValue = "15s", description = "How long gateways may take to connect (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--drain-timeout", defaultValue = "10s", description = "How long to wait for outstanding PUBACKs at the end (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    City generated = city.generate();
    out.println("city: " + generated.counts().summary());
    ProvisioningReceipt receipt;
    try {
      receipt = new CatalogueProvisioner(api, adminToken).provision(CatalogueJson.of(generated));
    } catch (ApiFailure failure) {
      err.println("provisioning failed: " + failure.describe());
      return DemoExit.PROVISIONING_FAILED.code();
    }
    out.println(
        "provisioned: " + receipt.counts().summary() + " issued_secrets=" + receipt.issuedSecrets().size());
    out.flush();

    DeliveryStats stats = new DeliveryStats();
    GatewayFleet fleet =
        GatewayFleet.of(
            generated.withSecrets(receipt.issuedSecrets()),
            new Broker(mqttHost, mqttPort, mqttVersion),
            new PublishPolicy(minInterval, heartbeat),
            stats,
            System.currentTimeMillis());
    List<LotGateway> connected = fleet.connect(connectTimeout);
    if (connected.isEmpty()) {
      fleet.disconnect();
      err.println("no gateway could connect to %s:%d: %s".formatted(mqttHost, mqttPort, stats.firstProblem()));
      return DemoExit.NOT_CONNECTED.code();
    }
    LOG.info("{} of {} gateways connected; {} simulated minutes from {} in {}", connected.size(), fleet.size(), simMinutes, start, duration);

    SplittableRandom random = new SplittableRandom(city.seed());
    SimClock clock = new SimClock(start, Duration.ofMinutes(simMinutes), duration, System.nanoTime());
    new DemoTraffic(clock, simulate(connected, random), stats, tick, err, random, fleet.size()).run();
    DeliveryFigures figures = fleet.drain(drainTimeout);
    fleet.disconnect();

    DemoReport report = new DemoReport(out, err);
    boolean availabilityRead = report.availability(new AvailabilityClient(api, readerToken));
    report.ownView(connected);
    report.figures(figures, stats.firstProblem());

    if (!figures.allAccepted()) {
      return DemoExit.UNDELIVERED.code();
    }
    if (connected.size() < fleet.size()) {
      return DemoExit.NOT_CONNECTED.code();
    }
    return availabilityRead ? DemoExit.SUCCESS.code() : DemoExit.AVAILABILITY_UNREADABLE.code();
  }

  private void validate() {
    if (duration.isNegative() || duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
    if (simMinutes < 0) {
      throw new ParameterException(spec.commandLine(), "--sim-minutes must be >= 0");
    }
    if (tick.isNegative() || tick.isZero()) {
      throw new ParameterException(spec.commandLine(), "--tick must be positive");
    }
  }

  /** Gives each lot its kind's demand curve, and a propensity so that lots of one kind differ. */
  private List<SimulatedLot> simulate(List<LotGateway> gateways, SplittableRandom random) {
    List<SimulatedLot> lots = new ArrayList<>();
    for (LotGateway gateway : gateways) {
      Lot lot = gateway.lot();
      double propensity = 0.85 + 0.25 * random.nextDouble();
      LotOccupancy occupancy = new LotOccupancy(lot.capacity(), DemandCurve.forKind(lot.kind()), propensity, start);
      lots.add(new SimulatedLot(occupancy, gateway));
    }
    return lots;
  }
}
