package dev.smartparking.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.Main;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo end to end against a stand-in broker and API on ephemeral ports. */
class DemoCommandTest {

  private record Run(int exit, String out, String err) {}

  private FakeBroker broker;
  private FakeCityPlatform platform;

  @BeforeEach
  void start() throws Exception {
    broker = new FakeBroker();
    platform = new FakeCityPlatform(broker);
  }

  @AfterEach
  void stop() throws Exception {
    platform.close();
    broker.close();
  }

  /** Runs the demo with test defaults; {@code overrides} are option/value pairs that replace them. */
  private Run demo(String... overrides) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--api", platform.api());
    options.put("--admin-token", FakeCityPlatform.ADMIN_TOKEN);
    options.put("--reader-token", FakeCityPlatform.READER_TOKEN);
    options.put("--mqtt-host", "127.0.0.1");
    options.put("--mqtt-port", Integer.toString(broker.port()));
    options.put("--scale", "0.05");
    options.put("--seed", "7");
    options.put("--start", "07:30");
    options.put("--sim-minutes", "60");
    options.put("--duration", "3s");
    options.put("--heartbeat", "1s");
    options.put("--connect-timeout", "5s");
    options.put("--drain-timeout", "5s");
    for (int i = 0; i < overrides.length; i += 2) {
      options.put(overrides[i], overrides[i + 1]);
    }
    List<String> args = new ArrayList<>(List.of("demo"));
    options.forEach((option, value) -> args.addAll(List.of(option, value)));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private Map<String, Integer> statusLotCapacities() {
    return FakeCityPlatform.objects(platform.catalogue.getJsonArray("lots")).stream()
        .filter(l -> l.getString("counting").equals("status"))
        .collect(Collectors.toMap(l -> l.getString("id"), l -> l.getInteger("capacity")));
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(strings = {"3.1.1", "5"})
  void demoPublishesWallClockSnapshotsOfEveryStatusLotAndExitsZero(String version) {
    long before = System.currentTimeMillis();
    Run run = demo("--mqtt-version", version);
    long after = System.currentTimeMillis();

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    Map<String, Integer> capacities = statusLotCapacities();
    Map<String, List<FakeBroker.Received>> byDevice =
        broker.received.stream().collect(Collectors.groupingBy(FakeBroker.Received::clientId));
    assertThat(byDevice.keySet())
        .isEqualTo(capacities.keySet().stream().map(id -> "gw-" + id).collect(Collectors.toSet()));
    byDevice.forEach(
        (device, messages) -> {
          String lot = device.substring("gw-".length());
          long previousSeq = -1;
          long previousTs = Long.MIN_VALUE / 2;
          for (FakeBroker.Received message : messages) {
            JsonObject payload = new JsonObject(message.payload());
            assertThat(message.topic()).isEqualTo("v1/lots/" + lot + "/status");
            assertThat(payload.fieldNames()).containsExactlyInAnyOrder("seq", "ts", "total", "free");
            assertThat(payload.getInteger("total")).isEqualTo(capacities.get(lot));
            assertThat(payload.getInteger("free")).isBetween(0, capacities.get(lot));
            assertThat(payload.getLong("ts")).isBetween(before, after);
            assertThat(payload.getLong("seq")).isGreaterThan(previousSeq);
            assertThat(payload.getLong("ts") - previousTs).as("wall ms between snapshots").isGreaterThanOrEqualTo(1000);
            previousSeq = payload.getLong("seq");
            previousTs = payload.getLong("ts");
          }
        });
    assertThat(run.out())
        .contains(
            "messages sent %d, acknowledged %d, rejected 0, failed 0, unacknowledged 0"
                .formatted(broker.received.size(), broker.received.size()));
  }

  @Test
  void onlyLotGatewaysConnectWhileBayGatewaysAndCoverSensorsStaySilent() {
    Run run = demo();

    assertThat(run.exit()).as(run.err()).isZero();
    Set<String> lotGateways = statusLotCapacities().keySet().stream().map(id -> "gw-" + id).collect(Collectors.toSet());
    assertThat(broker.accepted).isEqualTo(lotGateways);
    assertThat(broker.refused).isEmpty();
  }

  @Test
  void theCityTableAgreesWithTheLastSnapshotsSent() {
    Run run = demo();

    Matcher own = Pattern.compile("simulator's own view: (\\d+) lots reporting, total (\\d+), free (\\d+)").matcher(run.out());
    assertThat(own.find()).as(run.out()).isTrue();
    Matcher city = Pattern.compile("(?m)^city\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+ %$").matcher(run.out());
    assertThat(city.find()).as(run.out()).isTrue();
    assertThat(city.group(2)).as("reporting").isEqualTo(own.group(1));
    assertThat(city.group(3)).as("total").isEqualTo(own.group(2));
    assertThat(city.group(4)).as("free").isEqualTo(own.group(3));
    assertThat(run.out()).contains("解放区", "jz-gaoxin");
  }

  @Test
  void progressIsPrintedEverySecondUpToTheEndOfSimulatedTime() {
    Run run = demo();

    List<String> progress = run.err().lines().filter(l -> l.startsWith("sim ")).toList();
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
    int gateways = statusLotCapacities().size();
    assertThat(progress.get(progress.size() - 1))
        .startsWith("sim 08:30 | sent ")
        .endsWith("| clients %d/%d".formatted(gateways, gateways));
  }

  @Test
  void gatewaysConnectWithTheSecretsTheServerIssued() {
    platform.provisioning = FakeCityPlatform.Provisioning.ISSUE_SECRETS;

    Run run = demo();

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(broker.accepted).isNotEmpty();
    assertThat(run.out()).containsPattern("issued_secrets=[1-9]");
  }

  @Test
  void aRefusedCatalogueEndsTheDemoWithTheServersMessage() {
    platform.provisioning = FakeCityPlatform.Provisioning.REFUSE;

    Run run = demo();

    assertThat(run.exit()).isEqualTo(DemoExit.PROVISIONING_FAILED.code());
    assertThat(run.err()).contains("provisioning failed: HTTP 400 invalid_catalogue: lots[3].district: unknown district '410899'");
    assertThat(broker.accepted).isEmpty();
  }

  @Test
  void theDemoFailsWhenTheBrokerRefusesEveryGateway() {
    platform.provisioning = FakeCityPlatform.Provisioning.ACCEPT_BUT_BROKER_UNAWARE;

    Run run = demo();

    assertThat(run.exit()).isEqualTo(DemoExit.NOT_CONNECTED.code());
    assertThat(run.err()).contains("no gateway could connect");
    assertThat(broker.refused).hasSize(statusLotCapacities().size());
    assertThat(broker.received).isEmpty();
  }

  @Test
  void theDemoFailsWhenTheBrokerIsUnreachable() {
    Run run = demo("--mqtt-port", Integer.toString(closedPort()));

    assertThat(run.exit()).isEqualTo(DemoExit.NOT_CONNECTED.code());
    assertThat(run.err()).contains("no gateway could connect");
  }

  @Test
  void aWrongAdminTokenIsReportedAsAProvisioningFailure() {
    Run run = demo("--admin-token", "wrong");

    assertThat(run.exit()).isEqualTo(DemoExit.PROVISIONING_FAILED.code());
    assertThat(run.err()).contains("provisioning failed: HTTP 401 unauthorized");
  }

  @Test
  void theDemoFailsWhenTheServerRejectsMessages() {
    broker.acks = FakeBroker.Acks.REJECT;

    Run run = demo("--mqtt-version", "5", "--duration", "1s");

    assertThat(run.exit()).isEqualTo(DemoExit.UNDELIVERED.code());
    assertThat(run.out()).containsPattern("rejected [1-9]\\d*, failed 0").contains("first problem: rejected: PUBACK 0x99");
  }

  @Test
  void theDemoFailsWhenPubAcksNeverArrive() {
    broker.acks = FakeBroker.Acks.NEVER;

    Run run = demo("--duration", "1s", "--drain-timeout", "1s");

    assertThat(run.exit()).isEqualTo(DemoExit.UNDELIVERED.code());
    assertThat(run.out()).containsPattern("acknowledged 0, rejected 0, failed \\d+, unacknowledged [1-9]");
  }

  @Test
  void theDemoFailsWhenAvailabilityCannotBeRead() {
    Run run = demo("--reader-token", "wrong", "--duration", "1s");

    assertThat(run.exit()).isEqualTo(DemoExit.AVAILABILITY_UNREADABLE.code());
    assertThat(run.err()).contains("availability failed: HTTP 401 unauthorized: missing or wrong bearer token");
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
