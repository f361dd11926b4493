package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.availability.AvailabilityClient;
import dev.smartparking.simulator.catalogue.CatalogueJson;
import dev.smartparking.simulator.catalogue.CityOptions;
import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.BrokerOptions;
import dev.smartparking.simulator.device.PublishPolicy;
import dev.smartparking.simulator.http.ApiAddress;
import dev.smartparking.simulator.http.ApiClient;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.verify.RunAlarms;
import dev.smartparking.simulator.verify.Verification;
import dev.smartparking.simulator.verify.VerifyCommand;
import dev.smartparking.simulator.verify.VerifyOptions;
import dev.smartparking.simulator.provision.CatalogueProvisioner;
import dev.smartparking.simulator.provision.ProvisioningReceipt;
import dev.smartparking.simulator.realistic.CityRun;
import dev.smartparking.simulator.realistic.CoverHazards;
import dev.smartparking.simulator.realistic.CoverSilences;
import dev.smartparking.simulator.realistic.Outages;
import dev.smartparking.simulator.realistic.Rain;
import dev.smartparking.simulator.realistic.RunCounters;
import dev.smartparking.simulator.realistic.RunFigures;
import dev.smartparking.simulator.realistic.RunSettings;
import dev.smartparking.simulator.realistic.SimulatedDevice;
import dev.smartparking.simulator.webhook.WebhookReceivers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code demo} (alias {@code realistic}): provisions a small Jiaozuo, plays every one of its devices in
 * accelerated time, reports availability and what was sent.
 */
@Command(
    name = "demo",
    aliases = "realistic",
    mixinStandardHelpOptions = true,
    description =
        "Generate and provision a small Jiaozuo, play all its devices (lot gateways, bay gateways, cover"
            + " sensors) over MQTT in accelerated time, then print the availability the API reports.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:success",
      "2:bad usage",
      "3:provisioning failed",
      "4:a device could not connect",
      "5:a message was not acknowledged, or was rejected",
      "6:availability could not be read",
      "7:verify failed (with --verify)",
      "8:verify could not read the API (with --verify)",
      "9:the alarms could not be read (without --verify)"
    })
public final class DemoCommand implements Callable<Integer> {

  // Distinct from the city's seed so that turning rain on or off leaves the city as it was.
  private static final long RAIN_SEED_OFFSET = 0x5241494EL;

  @Spec CommandSpec spec;

  @Mixin CityOptions city;

  @Mixin ApiAddress api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role, for provisioning.")
  String adminToken;

  @Option(names = "--reader-token", required = true, description = "Bearer token with the reader role, for availability.")
  String readerToken;

  @Mixin BrokerOptions mqtt;

  @Option(names = "--date", defaultValue = "2026-11-27", description = "Simulated date to start on (default ${DEFAULT-VALUE}, a Friday).")
  LocalDate date;

  @Option(names = "--start", defaultValue = "07:30", description = "Simulated time of day to start at (default ${DEFAULT-VALUE}).")
  LocalTime start;

  @Option(names = "--sim-minutes", defaultValue = "60", description = "Simulated minutes the run covers (default ${DEFAULT-VALUE}).")
  int simMinutes;

  @Option(names = "--duration", defaultValue = "60s", description = "Wall-clock length of the run, e.g. 60s, 2m (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--min-interval", defaultValue = "1s", description = "Least wall time between two status snapshots of a lot (default ${DEFAULT-VALUE}).")
  Duration minInterval;

  @Option(names = "--heartbeat", defaultValue = "30s", description = "Wall time after which an unchanged snapshot is repeated (default ${DEFAULT-VALUE}).")
  Duration heartbeat;

  @Option(names = "--rain", description = "A rain episode in simulated time, START,DURATION, e.g. 08:10,30m (default: by --rain-chance).")
  String rain;

  @Option(names = "--rain-chance", defaultValue = "0.5", description = "Chance of a seeded rain episode when --rain is not given (default ${DEFAULT-VALUE}).")
  double rainChance;

  @Option(names = "--offline-rate", defaultValue = "0.5", description = "Outages per gateway per simulated hour (default ${DEFAULT-VALUE}).")
  double offlineRate;

  @Option(names = "--offline-length", defaultValue = "4m", description = "Mean simulated length of an outage (default ${DEFAULT-VALUE}).")
  Duration offlineLength;

  @Option(names = "--tilt-rate", defaultValue = "0.005", description = "Tilted covers per cover per simulated hour (default ${DEFAULT-VALUE}).")
  double tiltRate;

  @Option(names = "--open-rate", defaultValue = "0.003", description = "Opened covers per cover per simulated hour (default ${DEFAULT-VALUE}).")
  double openRate;

  @Option(names = "--gas-rate", defaultValue = "0.005", description = "Gas leaks per cover per simulated hour (default ${DEFAULT-VALUE}).")
  double gasRate;

  @Option(names = "--low-battery-share", defaultValue = "0.03", description = "Share of covers starting with a battery below 20 %% (default ${DEFAULT-VALUE}).")
  double lowBatteryShare;

  @Option(names = "--silent-share", defaultValue = "0.03", description = "Share of cover sensors that fall silent once, long enough for a silent alarm (default ${DEFAULT-VALUE}).")
  double silentShare;

  @Option(
      names = "--sweep-interval",
      defaultValue = "30s",
      description = "The server's alarms.sweep-interval: silences are made long enough for a sweep to fall in them, and verify judges by it (default ${DEFAULT-VALUE}; bin/demo runs the server with 1s).")
  Duration sweepInterval;

  @Option(names = "--webhook-refuse-share", defaultValue = "0", description = "Share of events whose first delivery the receivers answer 503, so that the server retries (default ${DEFAULT-VALUE}).")
  double webhookRefuseShare;

  @Option(names = "--delivery-timeout", defaultValue = "30s", description = "How long to wait at the end for every alarm's latest change to reach its unit's receiver (default ${DEFAULT-VALUE}).")
  Duration deliveryTimeout;

  @Option(names = "--ledger", defaultValue = "demo-ledger.jsonl", description = "Where to write the run's ledger, one JSON line per message (default ${DEFAULT-VALUE}).")
  Path ledgerFile;

  @Mixin VerifyOptions verification;

  @Option(names = "--tick", defaultValue = "200ms", hidden = true, description = "Wall time between simulation steps.")
  Duration tick;

  @Option(names = "--connect-timeout", defaultValue = "15s", description = "How long devices may take to connect (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--drain-timeout", defaultValue = "10s", description = "How long to wait for back-fill and outstanding PUBACKs at the end (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Override
  public Integer call() throws Exception {
    RunSettings settings = settings();
    if (!(webhookRefuseShare >= 0 && webhookRefuseShare < 1)) {
      throw new ParameterException(spec.commandLine(), "--webhook-refuse-share must lie within [0, 1)");
    }
    if (deliveryTimeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--delivery-timeout must be >= 0");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    City generated = city.generate();
    out.println("city: " + generated.counts().summary());
    try (WebhookReceivers receivers = WebhookReceivers.start(generated.units(), webhookRefuseShare, city.seed())) {
      City provisioned = settings.inWallClock(generated).withWebhooks(receivers.webhooks());
      return play(settings, generated, provisioned, receivers, out, err);
    }
  }

  private int play(RunSettings settings, City generated, City provisioned, WebhookReceivers receivers, PrintWriter out, PrintWriter err)
      throws Exception {
    ProvisioningReceipt receipt;
    try {
      receipt = new CatalogueProvisioner(api.baseAddress(), adminToken).provision(CatalogueJson.of(provisioned));
    } catch (ApiFailure failure) {
      err.println("provisioning failed: " + failure.describe());
      return DemoExit.PROVISIONING_FAILED.code();
    }
    out.println(
        "provisioned: " + receipt.counts().summary() + " issued_secrets=" + receipt.issuedSecrets().size());
    out.println(DemoReport.plan(settings));
    out.println(DemoReport.coverTiming(generated, provisioned, settings, receivers.port()));
    out.flush();

    Broker broker = mqtt.broker();
    RunCounters counters = new RunCounters();
    RunFigures figures;
    int leftOver;
    CityRun run;
    try (Ledger ledger = Ledger.create(ledgerFile)) {
      run =
          CityRun.of(
              provisioned.withSecrets(receipt.issuedSecrets()),
              broker,
              settings,
              counters,
              ledger,
              city.seed(),
              System.currentTimeMillis());
      List<SimulatedDevice> connected = run.connect(connectTimeout);
      if (connected.isEmpty()) {
        run.disconnect();
        err.println("no device could connect to %s:%d: %s".formatted(broker.host(), broker.port(), counters.firstProblem()));
        return DemoExit.NOT_CONNECTED.code();
      }
      run.play(err);
      figures = run.drain(drainTimeout);
      leftOver = run.leftOver();
      // After the disconnect, so that attempts still open are written as unanswered.
      run.disconnect();
    }

    DemoReport report = new DemoReport(out, err);
    boolean availabilityRead = report.availability(new AvailabilityClient(api.baseAddress(), readerToken));
    report.ownView(run.running());
    List<LedgerEntry> entries = Ledger.read(ledgerFile);
    Verification verifier =
        new Verification(api.baseAddress(), adminToken, readerToken, broker.version(), verification.maxDifferences(), sweepInterval);
    RunAlarms alarms = null;
    try {
      alarms = verifier.alarms(entries, Optional.of(receivers), deliveryTimeout);
      out.println();
      out.print(AlarmTable.render(provisioned.units(), alarms));
    } catch (ApiFailure failure) {
      err.println("alarms failed: " + failure.describe());
    }
    List<String> ledgerDifferences = null;
    try {
      LedgerTables ledgers = LedgerTables.read(new ApiClient(api.baseAddress(), readerToken));
      out.println();
      out.print(ledgers.render());
      ledgerDifferences = ledgers.differences(provisioned, entries);
    } catch (ApiFailure failure) {
      err.println("ledgers failed: " + failure.describe());
    }
    report.summary(figures, leftOver, run, settings, counters.firstProblem());
    out.println("ledger: " + ledgerFile.toAbsolutePath());
    out.flush();

    if (!figures.allAccepted() || leftOver > 0) {
      return DemoExit.UNDELIVERED.code();
    }
    if (run.running().size() < run.devices().size()) {
      return DemoExit.NOT_CONNECTED.code();
    }
    if (verification.verify()) {
      if (alarms == null) {
        return DemoExit.VERIFY_UNREADABLE.code();
      }
      if (ledgerDifferences == null) {
        return DemoExit.VERIFY_UNREADABLE.code();
      }
      out.println(ledgerDifferences.isEmpty()
          ? "ledgers: PASS (every unit's covers and target, every district's lots and lots onboarded, as the run knows them)"
          : "ledgers: FAIL\n  " + String.join("\n  ", ledgerDifferences));
      int verdict = VerifyCommand.run(verifier, entries, alarms, out, err);
      if (!ledgerDifferences.isEmpty()) {
        return DemoExit.VERIFY_FAILED.code();
      }
      if (verdict != VerifyCommand.PASS) {
        return verdict == VerifyCommand.FAIL ? DemoExit.VERIFY_FAILED.code() : DemoExit.VERIFY_UNREADABLE.code();
      }
    }
    if (!availabilityRead) {
      return DemoExit.AVAILABILITY_UNREADABLE.code();
    }
    return alarms == null ? DemoExit.ALARMS_UNREADABLE.code() : DemoExit.SUCCESS.code();
  }

  private RunSettings settings() {
    if (duration.isNegative() || duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
    if (simMinutes < 0) {
      throw new ParameterException(spec.commandLine(), "--sim-minutes must be >= 0");
    }
    if (tick.isNegative() || tick.isZero()) {
      throw new ParameterException(spec.commandLine(), "--tick must be positive");
    }
    if (rainChance < 0 || rainChance > 1) {
      throw new ParameterException(spec.commandLine(), "--rain-chance must be within 0..1");
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new ParameterException(spec.commandLine(), "--sweep-interval must be positive");
    }
    LocalDateTime startAt = date.atTime(start);
    Duration span = Duration.ofMinutes(simMinutes);
    try {
      Optional<Rain> episode =
          rain != null
              ? Optional.of(Rain.parse(rain, startAt))
              : Rain.byChance(rainChance, startAt, span, new SplittableRandom(city.seed() + RAIN_SEED_OFFSET));
      return new RunSettings(
          startAt,
          span,
          duration,
          tick,
          new PublishPolicy(minInterval, heartbeat),
          episode,
          new CoverHazards(tiltRate, openRate, gasRate, lowBatteryShare),
          new Outages(offlineRate, offlineLength),
          new CoverSilences(silentShare, sweepInterval));
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
