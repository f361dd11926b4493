package dev.smartparking.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.CommandRun;
import dev.smartparking.simulator.Main;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo end to end against a stand-in broker and API on ephemeral ports. */
class DemoCommandTest {

  @TempDir Path dir;

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

  private Path ledgerFile() {
    return dir.resolve("ledger.jsonl");
  }

  /** Runs the demo with test defaults (no outages, no rain); {@code overrides} replace them, a null value makes a flag. */
  private CommandRun demo(String... overrides) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--api", platform.api());
    options.put("--admin-token", FakeCityPlatform.ADMIN_TOKEN);
    options.put("--reader-token", FakeCityPlatform.READER_TOKEN);
    options.put("--mqtt-host", "127.0.0.1");
    options.put("--mqtt-port", Integer.toString(broker.port()));
    options.put("--scale", "0.02");
    options.put("--seed", "7");
    options.put("--start", "07:30");
    options.put("--sim-minutes", "60");
    options.put("--duration", "3s");
    options.put("--heartbeat", "1s");
    options.put("--offline-rate", "0");
    options.put("--rain-chance", "0");
    options.put("--connect-timeout", "5s");
    options.put("--drain-timeout", "5s");
    options.put("--ledger", ledgerFile().toString());
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < overrides.length; i += 2) {
      if (overrides[i + 1] == null) {
        flags.add(overrides[i]);
      } else {
        options.put(overrides[i], overrides[i + 1]);
      }
    }
    List<String> args = new ArrayList<>(CommandRun.arguments("demo", options));
    args.addAll(flags);
    return CommandRun.of(args);
  }

  private Set<String> catalogueDevices() {
    return FakeCityPlatform.objects(platform.catalogue.getJsonArray("devices")).stream()
        .map(d -> d.getString("id"))
        .collect(Collectors.toSet());
  }

  private Map<String, List<JsonObject>> payloadsByTopic() {
    return broker.received.stream()
        .collect(Collectors.groupingBy(FakeBroker.Received::topic, Collectors.mapping(r -> new JsonObject(r.payload()), Collectors.toList())));
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(strings = {"3.1.1", "5"})
  void everyDeviceOfTheCityConnectsAndPublishesOnItsOwnTopicsWithWallClockTs(String version) {
    long before = System.currentTimeMillis();
    CommandRun run = demo("--mqtt-version", version);
    long after = System.currentTimeMillis();

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(broker.accepted).isEqualTo(catalogueDevices());
    Map<String, List<FakeBroker.Received>> byDevice =
        broker.received.stream().collect(Collectors.groupingBy(FakeBroker.Received::clientId));
    assertThat(byDevice.keySet()).anyMatch(d -> d.startsWith("gw-L-")).anyMatch(d -> d.startsWith("gw-S-")).anyMatch(d -> d.startsWith("cs-"));
    byDevice.forEach(
        (device, messages) -> {
          String entity = device.substring(3);
          long previousSeq = -1;
          long previousTs = -1;
          for (FakeBroker.Received message : messages) {
            if (device.startsWith("gw-L-")) {
              assertThat(message.topic()).isIn("v1/lots/" + entity + "/status", "v1/lots/" + entity + "/passages");
            } else if (device.startsWith("gw-S-")) {
              assertThat(message.topic()).isEqualTo("v1/lots/" + entity + "/bays");
            } else {
              assertThat(message.topic()).isEqualTo("v1/covers/" + entity + "/telemetry");
            }
            JsonObject payload = new JsonObject(message.payload());
            assertThat(payload.getLong("seq")).isGreaterThan(previousSeq);
            assertThat(payload.getLong("ts")).isGreaterThan(previousTs).isBetween(before, after + 1_000);
            previousSeq = payload.getLong("seq");
            previousTs = payload.getLong("ts");
          }
        });
    assertThat(run.out()).containsPattern("acknowledged %d, rejected 0, unacknowledged 0".formatted(broker.received.size()));
  }

  @Test
  void aRunWithHazardsAndSilentSensorsPassesVerifyWithEveryEventDeliveredSignedToItsUnit() {
    broker.acks = FakeBroker.Acks.STORE;
    broker.alarms.sweepInterval = Duration.ofSeconds(1);
    platform.pageSize = 100;

    CommandRun run =
        demo(
            "--scale", "0.01", "--sim-minutes", "120", "--duration", "16s", "--rain", "07:30,90m",
            "--tilt-rate", "0.05", "--open-rate", "0.03", "--gas-rate", "0.05", "--low-battery-share", "0.1",
            "--silent-share", "0.1", "--sweep-interval", "1s", "--webhook-refuse-share", "0.2", "--verify", null);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("verify: PASS").containsPattern("\\d+ covers, \\d+ alarms, [1-9]\\d* alarm events, [1-9]\\d* deliveries compared");
    Matcher city = Pattern.compile("(?m)^city\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(run.out());
    assertThat(city.find()).as(run.out()).isTrue();
    assertThat(Integer.parseInt(city.group(1))).as("raised").isPositive();
    assertThat(Integer.parseInt(city.group(3))).as("cleared").isPositive();
    // Not every event: silent alarms of the sensors stopped by the end keep coming while the table is read.
    assertThat(Integer.parseInt(city.group(4))).as("delivered").isPositive();
    Matcher types = Pattern.compile("raised by type: tilt (\\d+), open (\\d+), water (\\d+), gas (\\d+), battery (\\d+), silent (\\d+)").matcher(run.out());
    assertThat(types.find()).as(run.out()).isTrue();
    for (int type = 1; type <= 6; type++) {
      assertThat(Integer.parseInt(types.group(type))).as(types.group()).isPositive();
    }
    assertThat(run.out()).containsPattern("sensors fallen silent: [1-9]\\d* \\([1-9]\\d* back before the end");
    assertThat(run.out()).containsPattern("webhooks: [1-9]\\d* events delivered, \\d+ duplicates on the wire, [1-9]\\d* attempts refused");
  }

  @Test
  void aNegativeMaxDifferencesIsRefusedBeforeTheRun() {
    CommandRun run = demo("--max-differences", "-1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--max-differences must be >= 0");
    assertThat(broker.received).isEmpty();
  }

  @Test
  void statusLotsSendPassagesWithPlatesAndGatesBetweenTheirSnapshots() {
    CommandRun run = demo();

    assertThat(run.exit()).as(run.err()).isZero();
    List<JsonObject> passages =
        payloadsByTopic().entrySet().stream().filter(e -> e.getKey().endsWith("/passages")).flatMap(e -> e.getValue().stream()).toList();
    assertThat(passages).hasSizeGreaterThan(20);
    assertThat(passages).allSatisfy(p -> {
      assertThat(p.getString("plate")).matches("豫H[0-9A-Z]{5}");
      assertThat(p.getString("gate")).matches(p.getString("direction").equals("in") ? "E\\d" : "X\\d");
    });
  }

  @Test
  void theLedgerHoldsEveryMessageWithItsAnswerAndEachLotsLastTruthIsWhatTheServerShows() throws Exception {
    CommandRun run = demo();

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("ledger: " + ledgerFile().toAbsolutePath());
    List<LedgerEntry> entries = Ledger.read(ledgerFile());
    assertThat(entries).hasSize(broker.received.size());
    assertThat(entries).allSatisfy(e -> assertThat(e.ackedAsAccepted()).isTrue());
    assertThat(entries.stream().map(LedgerEntry::payloadSha256).collect(Collectors.toSet()))
        .isEqualTo(broker.received.stream().map(r -> LedgerEntry.sha256(r.payload())).collect(Collectors.toSet()));
    Map<String, LedgerEntry> lastByLot =
        entries.stream()
            .filter(e -> e.lot() != null)
            .collect(Collectors.toMap(e -> e.lot().lotId(), e -> e, (a, b) -> a.seq() > b.seq() ? a : b));
    assertThat(lastByLot).isNotEmpty();
    lastByLot.forEach(
        (lot, entry) ->
            assertThat(platform.lotCounts(lot))
                .as(lot)
                .isEqualTo(new JsonObject().put("total", (long) entry.lot().total()).put("free", (long) entry.lot().free())));
    assertThat(entries.stream().filter(e -> e.topic().endsWith("/telemetry"))).allSatisfy(e -> assertThat(e.lot()).isNull());
  }

  @Test
  void theCityTableAgreesWithTheModelsTruth() {
    CommandRun run = demo();

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
  void gatewaysThatDropBackFillSoThatTheServerEndsWithTheModelsCounts() throws Exception {
    CommandRun run = demo("--offline-rate", "30", "--offline-length", "5m", "--duration", "4s");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    Matcher outages = Pattern.compile("outages: (\\d+), (\\d+) messages .* (\\d+) left undelivered").matcher(run.out());
    assertThat(outages.find()).as(run.out()).isTrue();
    assertThat(Integer.parseInt(outages.group(1))).isGreaterThan(2);
    assertThat(outages.group(3)).isEqualTo("0");
    assertThat(run.err()).containsPattern("offline [1-9]");
    // A retransmit repeats its first attempt byte for byte: one payload per (device, seq).
    Map<String, Set<String>> payloadsBySeq =
        broker.received.stream()
            .collect(Collectors.groupingBy(r -> r.clientId() + "/" + new JsonObject(r.payload()).getLong("seq"), Collectors.mapping(FakeBroker.Received::payload, Collectors.toSet())));
    assertThat(payloadsBySeq.values()).allSatisfy(payloads -> assertThat(payloads).hasSize(1));
    List<LedgerEntry> entries = Ledger.read(ledgerFile());
    Map<String, LedgerEntry> lastByLot =
        entries.stream()
            .filter(e -> e.lot() != null && e.answer() == Answer.ACKED)
            .collect(Collectors.toMap(e -> e.lot().lotId(), e -> e, (a, b) -> a.seq() > b.seq() ? a : b));
    lastByLot.forEach(
        (lot, entry) ->
            assertThat(platform.lotCounts(lot))
                .as(lot)
                .isEqualTo(new JsonObject().put("total", (long) entry.lot().total()).put("free", (long) entry.lot().free())));
    long retransmitted = Long.parseLong(outages.group(2));
    assertThat(retransmitted).as("messages cut off by a drop").isPositive();
    assertThat(entries.stream().filter(e -> e.answer() == Answer.UNANSWERED)).hasSize((int) retransmitted);
    long duplicates = broker.received.size() - payloadsBySeq.size();
    assertThat(duplicates).as("retransmits of messages the broker already had").isPositive();
  }

  @Test
  void rainRaisesEveryReportingCoversWaterLevel() {
    CommandRun run = demo("--rain", "07:30,60m");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("rain from Fri 2026-11-27 07:30 for 60 min");
    List<List<JsonObject>> covers =
        payloadsByTopic().entrySet().stream()
            .filter(e -> e.getKey().endsWith("/telemetry") && e.getValue().size() >= 3)
            .map(e -> e.getValue().stream().sorted(Comparator.comparing(p -> p.getLong("seq"))).toList())
            .toList();
    assertThat(covers).isNotEmpty();
    assertThat(covers).allSatisfy(readings ->
        assertThat(readings.get(readings.size() - 1).getDouble("water_level_cm")).isGreaterThan(readings.get(0).getDouble("water_level_cm")));
  }

  @Test
  void withoutRainWaterLevelsStayWhereTheyAre() {
    CommandRun run = demo();

    assertThat(run.out()).contains("rain: none");
    payloadsByTopic().entrySet().stream()
        .filter(e -> e.getKey().endsWith("/telemetry"))
        .forEach(e -> assertThat(e.getValue().stream().map(p -> p.getDouble("water_level_cm")).distinct()).hasSize(1));
  }

  @Test
  void progressIsPrintedEverySecondUpToTheEndOfSimulatedTime() {
    CommandRun run = demo();

    List<String> progress = run.err().lines().filter(l -> l.startsWith("sim ")).toList();
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
    int devices = catalogueDevices().size();
    assertThat(progress.get(progress.size() - 1))
        .matches("sim Fri 08:30 \\| sent/acked per s status \\d+/\\d+ passages \\d+/\\d+ bays \\d+/\\d+ telemetry \\d+/\\d+ \\| p50 [\\d.]+ ms p99 [\\d.]+ ms"
            + " \\| offline 0 \\| retransmits 0 \\| errors 0 \\| clients %d/%d".formatted(devices, devices));
  }

  @Test
  void aRunOnASaturdayFollowsTheWeekendCurves() {
    CommandRun run = demo("--date", "2026-11-28", "--start", "14:00", "--duration", "2s");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("simulating Sat 2026-11-28 14:00 to Sat 2026-11-28 15:00");
    assertThat(run.err()).contains("sim Sat 15:00 |");
  }

  @Test
  void devicesConnectWithTheSecretsTheServerIssued() {
    platform.provisioning = FakeCityPlatform.Provisioning.ISSUE_SECRETS;

    CommandRun run = demo();

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(broker.accepted).isEqualTo(catalogueDevices());
    assertThat(run.out()).containsPattern("issued_secrets=[1-9]");
  }

  @Test
  void aRefusedCatalogueEndsTheDemoWithTheServersMessage() {
    platform.provisioning = FakeCityPlatform.Provisioning.REFUSE;

    CommandRun run = demo();

    assertThat(run.exit()).isEqualTo(DemoExit.PROVISIONING_FAILED.code());
    assertThat(run.err()).contains("provisioning failed: HTTP 400 invalid_catalogue: lots[3].district: unknown district '410899'");
    assertThat(broker.accepted).isEmpty();
  }

  @Test
  void theDemoFailsWhenTheBrokerRefusesEveryDevice() {
    platform.provisioning = FakeCityPlatform.Provisioning.ACCEPT_BUT_BROKER_UNAWARE;

    CommandRun run = demo();

    assertThat(run.exit()).isEqualTo(DemoExit.NOT_CONNECTED.code());
    assertThat(run.err()).contains("no device could connect");
    assertThat(broker.refused).isEqualTo(catalogueDevices());
    assertThat(broker.received).isEmpty();
  }

  @Test
  void theDemoFailsWhenTheBrokerIsUnreachable() {
    CommandRun run = demo("--mqtt-port", Integer.toString(closedPort()));

    assertThat(run.exit()).isEqualTo(DemoExit.NOT_CONNECTED.code());
    assertThat(run.err()).contains("no device could connect");
  }

  @Test
  void aWrongAdminTokenIsReportedAsAProvisioningFailure() {
    CommandRun run = demo("--admin-token", "wrong");

    assertThat(run.exit()).isEqualTo(DemoExit.PROVISIONING_FAILED.code());
    assertThat(run.err()).contains("provisioning failed: HTTP 401 unauthorized");
  }

  @Test
  void theDemoFailsWhenTheServerRejectsMessagesAndTheLedgerKeepsTheReasonCode() throws Exception {
    broker.acks = FakeBroker.Acks.REJECT;

    CommandRun run = demo("--mqtt-version", "5", "--duration", "1s");

    assertThat(run.exit()).isEqualTo(DemoExit.UNDELIVERED.code());
    assertThat(run.out()).containsPattern("rejected [1-9]\\d*, unacknowledged").containsPattern("first problem: \\S+ rejected: PUBACK 0x99");
    assertThat(Ledger.read(ledgerFile())).allSatisfy(e -> assertThat(e.reasonCode()).isEqualTo(0x99));
  }

  @Test
  void theDemoFailsWhenPubAcksNeverArrive() throws Exception {
    broker.acks = FakeBroker.Acks.NEVER;

    CommandRun run = demo("--duration", "1s", "--drain-timeout", "1s");

    assertThat(run.exit()).isEqualTo(DemoExit.UNDELIVERED.code());
    assertThat(run.out()).containsPattern("acknowledged 0, rejected 0, unacknowledged [1-9]");
    assertThat(Ledger.read(ledgerFile())).isNotEmpty().allSatisfy(e -> assertThat(e.answer()).isEqualTo(Answer.UNANSWERED));
  }

  @Test
  void theDemoFailsWhenAvailabilityCannotBeRead() {
    CommandRun run = demo("--reader-token", "wrong", "--duration", "1s");

    assertThat(run.exit()).isEqualTo(DemoExit.AVAILABILITY_UNREADABLE.code());
    assertThat(run.err()).contains("availability failed: HTTP 401 unauthorized: missing or wrong bearer token");
  }

  @Test
  void realisticIsAnotherNameForTheDemo() {
    int exit = Main.commandLine().setOut(new PrintWriter(new StringWriter())).execute("realistic", "--help");

    assertThat(exit).isZero();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
