package dev.smartparking.simulator.hostile;

import dev.smartparking.simulator.catalogue.CatalogueJson;
import dev.smartparking.simulator.catalogue.CityOptions;
import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.Device;
import dev.smartparking.simulator.city.DeviceKind;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.device.Broker;
import dev.smartparking.simulator.device.BrokerOptions;
import dev.smartparking.simulator.device.Connecting;
import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.http.ApiAddress;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.provision.CatalogueProvisioner;
import dev.smartparking.simulator.provision.ProvisioningReceipt;
import dev.smartparking.simulator.verify.Check;
import dev.smartparking.simulator.verify.Differences;
import dev.smartparking.simulator.verify.Verification;
import dev.smartparking.simulator.verify.VerifyCommand;
import dev.smartparking.simulator.verify.VerifyOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hostile}: provisions a small city and plays its status lot gateways with a share of bad
 * messages and bad logins mixed in, writes every one to the ledger with what the server must make
 * of it, and reports how each kind was answered.
 */
@Command(
    name = "hostile",
    mixinStandardHelpOptions = true,
    description =
        "Send valid status snapshots mixed with malformed, invalid, misaddressed, future-dated and oversized"
            + " messages and wrong passwords; report how each kind was answered, optionally verify.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every message answered as its kind calls for (and verify passed, with --verify)",
      "2:bad usage",
      "3:provisioning failed",
      "4:a gateway could not connect",
      "5:a message was not answered as its kind calls for (without --verify)",
      "6:verify failed",
      "7:verify could not read the API"
    })
public final class HostileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin CityOptions city;

  @Mixin ApiAddress api;

  @Option(names = "--admin-token", required = true, description = "Bearer token with the admin role, for provisioning and verify.")
  String adminToken;

  @Option(names = "--reader-token", required = true, description = "Bearer token with the reader role, for verify.")
  String readerToken;

  @Mixin BrokerOptions mqtt;

  @Option(names = "--duration", defaultValue = "30s", description = "Wall-clock length of the run (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--rate", defaultValue = "50", description = "Messages per second over all gateways, wrong passwords included (default ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--shares", defaultValue = Shares.DEFAULT, description = "Share of each hostile kind; the rest is valid (default ${DEFAULT-VALUE}).")
  String shares;

  @Option(names = "--ledger", defaultValue = "hostile-ledger.jsonl", description = "Where the run's ledger goes (default ${DEFAULT-VALUE}).")
  Path ledgerFile;

  @Mixin VerifyOptions verification;

  @Option(names = "--connect-timeout", defaultValue = "15s", description = "How long gateways may take to connect (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--drain-timeout", defaultValue = "10s", description = "How long to wait for outstanding answers at the end (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Override
  public Integer call() throws Exception {
    Shares mix = validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    City generated = city.generate();
    ProvisioningReceipt receipt;
    try {
      receipt = new CatalogueProvisioner(api.baseAddress(), adminToken).provision(CatalogueJson.of(generated));
    } catch (ApiFailure failure) {
      err.println("provisioning failed: " + failure.describe());
      return HostileExit.PROVISIONING_FAILED.code();
    }
    City provisioned = generated.withSecrets(receipt.issuedSecrets());
    out.println("provisioned: " + receipt.counts().summary());
    out.flush();

    Broker broker = mqtt.broker();
    List<HostileGateway> gateways = gateways(provisioned, broker);
    List<HostileGateway> connected = connect(gateways, err);
    if (connected.isEmpty()) {
      err.println("no gateway could connect to %s:%d".formatted(broker.host(), broker.port()));
      return HostileExit.NOT_CONNECTED.code();
    }
    List<String> silent =
        provisioned.devices().stream().filter(d -> d.kind() != DeviceKind.LOT_GATEWAY).map(Device::id).toList();

    HostileTally tally = new HostileTally(broker.version());
    try (Ledger ledger = Ledger.create(ledgerFile)) {
      HostileTraffic traffic =
          new HostileTraffic(connected, silent, broker, mix, rate, new SplittableRandom(city.seed()), ledger, tally, err);
      try {
        traffic.run(duration, drainTimeout);
      } finally {
        traffic.close();
      }
    }
    out.println();
    out.print(tally.table());
    out.println(report(mix, tally, broker).encode());
    out.println("ledger: " + ledgerFile);
    out.flush();

    List<LedgerEntry> entries = Ledger.read(ledgerFile);
    if (verification.verify()) {
      int verdict =
          VerifyCommand.run(new Verification(api.baseAddress(), adminToken, readerToken, broker.version(), verification.maxDifferences()), entries, out, err);
      if (verdict != VerifyCommand.PASS) {
        return verdict == VerifyCommand.FAIL ? HostileExit.VERIFY_FAILED.code() : HostileExit.VERIFY_UNREADABLE.code();
      }
    } else {
      Differences answers = Verification.checkAnswers(entries, broker.version(), verification.maxDifferences());
      if (!answers.none()) {
        out.println("%d messages were not answered as their kind calls for:".formatted(answers.count(Check.ANSWERS)));
        answers.shown(Check.ANSWERS).forEach(line -> out.println("  " + line));
        out.flush();
        return HostileExit.WRONG_ANSWERS.code();
      }
    }
    return connected.size() < gateways.size() ? HostileExit.NOT_CONNECTED.code() : HostileExit.SUCCESS.code();
  }

  private Shares validate() {
    if (duration.isNegative() || duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be positive");
    }
    if (rate <= 0) {
      throw new ParameterException(spec.commandLine(), "--rate must be positive");
    }
    try {
      return Shares.parse(shares);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--shares: " + e.getMessage());
    }
  }

  /** One per status lot's gateway; each is given the next lot of the city as the one it must not publish about. */
  private static List<HostileGateway> gateways(City city, Broker broker) {
    Map<String, Lot> lotsById = city.lots().stream().collect(Collectors.toMap(Lot::id, Function.identity()));
    List<String> lotIds = city.lots().stream().map(Lot::id).toList();
    long seqBase = System.currentTimeMillis();
    List<HostileGateway> gateways = new ArrayList<>();
    for (Device device : city.devices()) {
      if (device.kind() != DeviceKind.LOT_GATEWAY) {
        continue;
      }
      Lot lot = lotsById.get(device.lots().get(0));
      String foreign = lotIds.get((lotIds.indexOf(lot.id()) + 1) % lotIds.size());
      gateways.add(
          new HostileGateway(
              device.id(), lot, broker.connectionFor(device.id(), device.secret()), SequenceNumbers.fromWallClock(seqBase), foreign));
    }
    return gateways;
  }

  private List<HostileGateway> connect(List<HostileGateway> gateways, PrintWriter err) throws InterruptedException {
    List<Optional<String>> failures =
        Connecting.all(gateways.stream().map(g -> g.connection).toList(), connectTimeout);
    List<HostileGateway> connected = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      if (failures.get(i).isEmpty()) {
        connected.add(gateways.get(i));
      } else {
        err.println("%s could not connect: %s".formatted(gateways.get(i).deviceId, failures.get(i).get()));
        gateways.get(i).connection.disconnect();
      }
    }
    return connected;
  }

  private JsonObject report(Shares mix, HostileTally tally, Broker broker) {
    JsonObject shareJson = new JsonObject();
    mix.byKind().forEach((kind, share) -> shareJson.put(kind.label(), share));
    return new JsonObject()
        .put("command", "hostile")
        .put("target", new JsonObject().put("host", broker.host()).put("port", broker.port()).put("mqtt_version", broker.version().label()))
        .put("plan", new JsonObject().put("duration_s", duration.toMillis() / 1000.0).put("rate_per_s", rate).put("shares", shareJson))
        .mergeIn(tally.toJson())
        .put("ledger", ledgerFile.toString());
  }
}
