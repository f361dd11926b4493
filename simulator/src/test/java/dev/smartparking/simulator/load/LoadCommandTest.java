package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.CommandRun;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The load command end to end against the in-process stand-in broker (and API, when it provisions). */
class LoadCommandTest {

  private static final int CONNECTIONS = 12;
  private static final long SEED = 7;

  private FakeBroker broker;

  @BeforeEach
  void start() throws Exception {
    broker = new FakeBroker();
  }

  @AfterEach
  void stop() throws Exception {
    broker.close();
  }

  /** Lets the stand-in accept the devices a load run with this seed derives. */
  private void knowDevices(int connections) {
    LoadCity.devices(LoadCity.generate(connections, SEED)).forEach(d -> broker.secrets.put(d.id(), d.secret()));
  }

  /** Runs {@code load} with test defaults; {@code overrides} are option/value pairs that replace them. */
  private CommandRun load(String... overrides) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--port", Integer.toString(broker.port()));
    options.put("--connections", Integer.toString(CONNECTIONS));
    options.put("--duration", "1s");
    options.put("--drain-timeout", "5s");
    options.put("--connect-rate", "1000");
    options.put("--window", "5");
    options.put("--seed", Long.toString(SEED));
    for (int i = 0; i < overrides.length; i += 2) {
      options.put(overrides[i], overrides[i + 1]);
    }
    return CommandRun.of(CommandRun.arguments("load", options));
  }

  private static JsonObject report(CommandRun run) {
    return new JsonObject(run.out());
  }

  private static long messages(CommandRun run, String field) {
    return report(run).getJsonObject("messages").getLong(field);
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(strings = {"3.1.1", "5"})
  void atQos1EveryMessageSentIsAcknowledgedAndReachedTheBroker(String version) {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--mqtt-version", version, "--qos", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    long sent = messages(run, "sent");
    assertThat(sent).isPositive();
    assertThat(messages(run, "acknowledged")).isEqualTo(sent);
    assertThat(messages(run, "unacknowledged")).isZero();
    assertThat(broker.received).hasSize((int) sent);
    assertThat(broker.received).allSatisfy(m -> assertThat(m.qos()).isEqualTo(1));
  }

  @Test
  void theLatencyHistogramHoldsOneValuePerAcknowledgement() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--qos", "1");

    JsonObject report = report(run);
    assertThat(report.getJsonObject("latency_ms").getJsonObject("ack").getLong("count"))
        .isEqualTo(report.getJsonObject("messages").getLong("acknowledged"))
        .isPositive();
  }

  @Test
  void atQos2EveryMessageIsReceivedReleasedAndCompleted() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--qos", "2");

    assertThat(run.exit()).as(run.err()).isZero();
    long sent = messages(run, "sent");
    assertThat(sent).isPositive();
    assertThat(messages(run, "pubrec")).isEqualTo(sent);
    assertThat(messages(run, "acknowledged")).isEqualTo(sent);
    assertThat(broker.released.get()).isEqualTo(sent);
    JsonObject latency = report(run).getJsonObject("latency_ms");
    assertThat(latency.getJsonObject("ack").getLong("count")).isEqualTo(sent);
    assertThat(latency.getJsonObject("pubrec").getLong("count")).isEqualTo(sent);
  }

  @Test
  void atQos0EverythingSentArrivesWithoutAcknowledgements() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--qos", "0");

    assertThat(run.exit()).as(run.err()).isZero();
    long sent = messages(run, "sent");
    assertThat(sent).isPositive();
    assertThat(messages(run, "acknowledged")).isZero();
    // QoS 0 has no acknowledgement to wait for; the run ends after DISCONNECT, which the broker reads after them.
    assertThat(broker.received).hasSize((int) sent);
  }

  @Test
  void eachConnectionIsOneDevicePublishingItsOwnLotsStatus() {
    knowDevices(CONNECTIONS);

    CommandRun run = load();

    assertThat(run.exit()).as(run.err()).isZero();
    Map<String, LoadDevice> devices =
        LoadCity.devices(LoadCity.generate(CONNECTIONS, SEED)).stream()
            .collect(Collectors.toMap(LoadDevice::id, d -> d));
    assertThat(broker.accepted).isEqualTo(devices.keySet());
    assertThat(broker.received)
        .allSatisfy(
            message -> {
              LoadDevice device = devices.get(message.clientId());
              JsonObject payload = new JsonObject(message.payload());
              assertThat(message.topic()).isEqualTo("v1/lots/" + device.lotId() + "/status");
              assertThat(payload.getInteger("total")).isEqualTo(device.capacity());
              assertThat(payload.getInteger("free")).isBetween(0, device.capacity());
            });
  }

  @Test
  void eachDevicesSeqIncreasesStrictlyMessageAfterMessage() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--qos", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    Map<String, List<Long>> seqs =
        broker.received.stream()
            .collect(Collectors.groupingBy(
                m -> m.clientId(), Collectors.mapping(m -> new JsonObject(m.payload()).getLong("seq"), Collectors.toList())));
    assertThat(seqs).hasSize(CONNECTIONS);
    seqs.forEach((device, values) -> {
      assertThat(values).as("seq of %s", device).hasSizeGreaterThan(1).isSorted().doesNotHaveDuplicates();
    });
  }

  @Test
  void statusWithTelemetryHasCoverSensorsPublishingIncreasingReadingsSomeAlarmWorthy() {
    MessageMix mix = new MessageMix(0.25, 0.5);
    List<LoadDevice> devices = LoadCity.devices(LoadCity.generate(CONNECTIONS, SEED, mix));
    devices.forEach(d -> broker.secrets.put(d.id(), d.secret()));

    CommandRun run = load("--mix", "status+telemetry", "--telemetry-share", "0.25", "--alarm-share", "0.5");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(report(run).getJsonObject("target").getString("mix")).isEqualTo("status+telemetry");
    Map<String, LoadDevice> sensors = devices.stream().filter(LoadDevice::coverSensor)
        .collect(Collectors.toMap(LoadDevice::id, d -> d));
    assertThat(sensors).hasSize(3);
    List<JsonObject> readings = broker.received.stream().filter(m -> sensors.containsKey(m.clientId()))
        .peek(m -> assertThat(m.topic()).isEqualTo("v1/covers/" + sensors.get(m.clientId()).coverId() + "/telemetry"))
        .map(m -> new JsonObject(m.payload()).put("device", m.clientId())).toList();
    assertThat(readings).isNotEmpty();
    // past a default threshold: tilt > 15, open, water >= -30, gas > 25, battery < 20
    assertThat(readings.stream().filter(r -> r.getDouble("tilt_deg") > 15 || r.getBoolean("open")
        || r.getDouble("water_level_cm") >= -30 || r.getDouble("gas_ppm") > 25 || r.getInteger("battery_pct") < 20))
        .hasSizeBetween(readings.size() / 4, readings.size() * 3 / 4);
    for (String sensor : sensors.keySet()) {
      List<Long> ts = readings.stream().filter(r -> r.getString("device").equals(sensor)).map(r -> r.getLong("ts"))
          .toList();
      assertThat(ts).as("ts of %s", sensor).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void aTargetRateIsHeldRatherThanExceeded() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--rate", "200", "--duration", "2s");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject phase = report(run).getJsonObject("publish_phase");
    // 200/s for about two seconds, plus the pacer's first tick; far below what the window allows.
    assertThat(phase.getLong("sent")).isBetween(300L, 460L);
    assertThat(report(run).getJsonObject("plan").getDouble("rate_per_s")).isEqualTo(200.0);
  }

  @Test
  void writesTheReportToTheFileGivenByReportInsteadOfStdout(@TempDir Path dir) throws Exception {
    knowDevices(CONNECTIONS);
    Path file = dir.resolve("load-report.json");

    CommandRun run = load("--report", file.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("report written to " + file);
    assertThat(new JsonObject(Files.readString(file)).getJsonObject("messages").getLong("sent")).isPositive();
  }

  @Test
  void provisioningRegistersExactlyTheDevicesThatThenConnect() throws Exception {
    try (FakeCityPlatform platform = new FakeCityPlatform(broker)) {
      CommandRun run = load("--api", platform.api(), "--admin-token", FakeCityPlatform.ADMIN_TOKEN);

      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(platform.catalogue.getJsonArray("lots")).hasSize(CONNECTIONS);
      Set<String> provisioned =
          FakeCityPlatform.objects(platform.catalogue.getJsonArray("devices")).stream()
              .map(d -> d.getString("id"))
              .collect(Collectors.toSet());
      assertThat(broker.accepted).isEqualTo(provisioned).hasSize(CONNECTIONS);
    }
  }

  @Test
  void refusedConnectionsAreCountedByReasonAndFailTheRun() {
    CommandRun run = load();

    assertThat(run.exit()).isEqualTo(LoadExit.NOT_ALL_CONNECTED.code());
    JsonObject report = report(run);
    assertThat(report.getJsonObject("connections").getLong("connect_failures")).isEqualTo(CONNECTIONS);
    assertThat(report.getJsonObject("errors").getJsonObject("by_kind").getLong("connect: refused CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD"))
        .isEqualTo(CONNECTIONS);
    assertThat(broker.refused).hasSize(CONNECTIONS);
  }

  @Test
  void missingAcknowledgementsAreCountedAsUnacknowledged() {
    knowDevices(CONNECTIONS);
    broker.acks = FakeBroker.Acks.NEVER;

    CommandRun run = load("--drain-timeout", "200ms");

    assertThat(run.exit()).isEqualTo(LoadExit.UNACKNOWLEDGED.code());
    // The window caps what can be outstanding: 5 per connection.
    assertThat(messages(run, "sent")).isEqualTo(5L * CONNECTIONS);
    assertThat(messages(run, "unacknowledged")).isEqualTo(5L * CONNECTIONS);
    assertThat(messages(run, "acknowledged")).isZero();
  }

  @Test
  void negativeMqtt5AcknowledgementsAreCountedAsRejected() {
    knowDevices(CONNECTIONS);
    broker.acks = FakeBroker.Acks.REJECT;

    CommandRun run = load("--mqtt-version", "5");

    assertThat(run.exit()).isEqualTo(LoadExit.UNACKNOWLEDGED.code());
    assertThat(messages(run, "rejected")).isEqualTo(messages(run, "acknowledged")).isEqualTo(messages(run, "sent")).isPositive();
  }

  @Test
  void theReportHasTheDocumentedFields() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--qos", "2");

    JsonObject report = report(run);
    assertThat(report.fieldNames())
        .containsExactlyInAnyOrder(
            "command", "target", "plan", "connections", "messages", "publish_phase", "latency_ms", "errors", "generator_cpu");
    assertThat(report.getJsonObject("target").fieldNames())
        .containsExactlyInAnyOrder("host", "ports", "mqtt_version", "qos", "mix", "telemetry_share", "alarm_share",
            "login");
    assertThat(report.getJsonObject("plan").fieldNames())
        .containsExactlyInAnyOrder(
            "connections", "processes", "threads_per_process", "source_addresses", "transport", "window", "batch",
            "rate_per_s", "connect_rate_per_s");
    assertThat(report.getJsonObject("connections").fieldNames())
        .containsExactlyInAnyOrder("target", "opened", "open_at_start", "open_at_stop", "connect_failures", "lost", "connect_seconds");
    assertThat(report.getJsonObject("messages").fieldNames())
        .containsExactlyInAnyOrder("sent", "acknowledged", "rejected", "pubrec", "unacknowledged");
    assertThat(report.getJsonObject("publish_phase").fieldNames())
        .containsExactlyInAnyOrder("seconds", "sent", "acknowledged", "sent_per_s", "acknowledged_per_s");
    assertThat(report.getJsonObject("latency_ms").fieldNames()).containsExactlyInAnyOrder("ack", "pubrec");
    assertThat(report.getJsonObject("latency_ms").getJsonObject("ack").fieldNames())
        .containsExactlyInAnyOrder("count", "p50", "p90", "p99", "p999", "max", "mean");
    assertThat(report.getJsonObject("errors").fieldNames()).containsExactlyInAnyOrder("total", "by_kind", "first");
    assertThat(report.getJsonObject("generator_cpu").fieldNames()).containsExactlyInAnyOrder("seconds", "us_per_message", "cores");
  }

  @Test
  void theReportNamesTheCommandWithoutItsSecrets() {
    CommandRun run = load("--username", "u", "--password", "hunter2-the-password");

    assertThat(report(run).getString("command")).contains("--username u --password ***").doesNotContain("hunter2");
  }

  @Test
  void theProgressLineShowsRatesLatencyErrorsAndConnections() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--duration", "2s");

    List<String> lines = run.err().lines().filter(l -> l.startsWith("publishing")).toList();
    assertThat(lines).isNotEmpty();
    assertThat(lines.get(lines.size() - 1))
        .matches(
            "publishing +\\d+s \\| sent +[\\d,]+/s \\| acked +[\\d,]+/s \\| p50 [\\d.]+ms p99 [\\d.]+ms p999 [\\d.]+ms"
                + " \\| errors 0 \\| conns 12/12 \\| cpu [\\d.]+us/msg");
  }

  @Test
  void connectionsAreSpreadOverSeveralProcessesAndAddedUp() {
    knowDevices(CONNECTIONS);

    CommandRun run = load("--processes", "2", "--duration", "1s");

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject report = report(run);
    assertThat(report.getJsonObject("plan").getInteger("processes")).isEqualTo(2);
    assertThat(report.getJsonObject("plan").getJsonArray("source_addresses")).containsExactly("127.0.0.2", "127.0.0.3");
    assertThat(report.getJsonObject("connections").getLong("opened")).isEqualTo(CONNECTIONS);
    assertThat(report.getJsonObject("connections").getLong("open_at_start")).isEqualTo(CONNECTIONS);
    long sent = messages(run, "sent");
    assertThat(messages(run, "acknowledged")).isEqualTo(sent).isPositive();
    assertThat(broker.received).hasSize((int) sent);
    assertThat(report.getJsonObject("latency_ms").getJsonObject("ack").getLong("count")).isEqualTo(sent);
    assertThat(broker.accepted).hasSize(CONNECTIONS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"--host=10.1.2.3", "--source-addresses=10.0.0.2", "--source-addresses=192.168.1.1-192.168.1.4"})
  void anythingButLoopbackIsRefused(String option) {
    String[] parts = option.split("=");

    CommandRun run = load(parts[0], parts[1]);

    assertThat(run.exit()).isEqualTo(LoadExit.USAGE.code());
    assertThat(run.err()).contains("loopback");
    assertThat(broker.accepted).isEmpty();
  }

  @Test
  void tooFewProcessesForTheOpenFilesLimitIsAUsageError() {
    long tooMany = SystemLimits.openFiles() + 1;

    CommandRun run = load("--connections", Long.toString(tooMany), "--processes", "1");

    assertThat(run.exit()).isEqualTo(LoadExit.USAGE.code());
    assertThat(run.err()).contains("need at least 2 processes");
  }
}
