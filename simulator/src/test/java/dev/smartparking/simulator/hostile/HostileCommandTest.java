package dev.smartparking.simulator.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.CommandRun;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.standin.FakeBroker;
import dev.smartparking.simulator.standin.FakeCityPlatform;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** Hostile mode end to end against the stand-in broker judging like the server, and the stand-in API. */
class HostileCommandTest {

  /** Enough of every kind in a short run for each to show up. */
  private static final String HEAVY_SHARES =
      "malformed=0.1,invalid=0.1,unknown_topic=0.1,forbidden=0.1,unknown_entity=0.1,clock=0.1,oversized=0.05,wrong_password=0.1";

  @TempDir Path dir;

  private FakeBroker broker;
  private FakeCityPlatform platform;
  private Path ledger;

  @BeforeEach
  void start() throws Exception {
    broker = new FakeBroker();
    broker.acks = FakeBroker.Acks.JUDGE;
    platform = new FakeCityPlatform(broker);
    ledger = dir.resolve("ledger.jsonl");
  }

  @AfterEach
  void stop() throws Exception {
    platform.close();
    broker.close();
  }

  private CommandRun hostile(String... overrides) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--api", platform.api());
    options.put("--admin-token", FakeCityPlatform.ADMIN_TOKEN);
    options.put("--reader-token", FakeCityPlatform.READER_TOKEN);
    options.put("--mqtt-host", "127.0.0.1");
    options.put("--mqtt-port", Integer.toString(broker.port()));
    options.put("--scale", "0.02");
    options.put("--duration", "3s");
    options.put("--rate", "100");
    options.put("--shares", HEAVY_SHARES);
    options.put("--ledger", ledger.toString());
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < overrides.length; i++) {
      if (overrides[i].equals("--verify")) {
        flags.add(overrides[i]);
      } else {
        options.put(overrides[i], overrides[++i]);
      }
    }
    List<String> args = CommandRun.arguments("hostile", options);
    args.addAll(flags);
    return CommandRun.of(args);
  }

  private static JsonObject report(CommandRun run) {
    String line = run.out().lines().filter(l -> l.startsWith("{\"command\":\"hostile\"")).findFirst().orElseThrow();
    return new JsonObject(line);
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(strings = {"3.1.1", "5"})
  void aHostileRunAgainstAFaithfulPlatformPassesVerify(String version) {
    CommandRun run = hostile("--mqtt-version", version, "--verify");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("verify: PASS");
  }

  @Test
  void everyKindIsSentAndRecordedInTheLedgerWithItsExpectation() throws Exception {
    CommandRun run = hostile();

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    List<LedgerEntry> entries = Ledger.read(ledger);
    Set<String> expectations = entries.stream().map(LedgerEntry::expect).collect(Collectors.toSet());
    assertThat(expectations)
        .containsExactlyInAnyOrder(
            "accepted", "malformed", "invalid", "unknown_topic", "forbidden", "unknown_entity", "clock", "closed", "refused");
    JsonObject kinds = report(run).getJsonObject("kinds");
    long sent = 0;
    for (HostileKind kind : HostileKind.values()) {
      sent += kinds.getJsonObject(kind.label()).getLong("sent");
    }
    assertThat(entries).hasSize((int) sent);
  }

  @Test
  void theReportCountsHowEachKindWasAnswered() {
    CommandRun run = hostile();

    JsonObject kinds = report(run).getJsonObject("kinds");
    assertThat(kinds.getJsonObject("valid").getJsonObject("answers").fieldNames()).containsExactly("0x00");
    assertThat(kinds.getJsonObject("malformed").getJsonObject("answers").fieldNames()).containsExactly("0x99");
    assertThat(kinds.getJsonObject("unknown_topic").getJsonObject("answers").fieldNames()).containsExactly("0x90");
    assertThat(kinds.getJsonObject("forbidden").getJsonObject("answers").fieldNames()).containsExactly("0x87");
    assertThat(kinds.getJsonObject("oversized").getJsonObject("answers").fieldNames()).containsExactly("closed");
    assertThat(kinds.getJsonObject("wrong_password").getJsonObject("answers").fieldNames()).containsExactly("refused 0x86");
    assertThat(kinds.getJsonObject("oversized").getLong("sent")).isEqualTo(broker.closedForSize.get()).isPositive();
    assertThat(run.out()).containsPattern("(?m)^oversized\\s+closed\\s+\\d+\\s+closed ×\\d+$");
  }

  @Test
  void gatewaysReconnectAfterAnOversizedPacketAndGoOn() throws Exception {
    CommandRun run = hostile("--shares", "oversized=0.2");

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    List<LedgerEntry> entries = Ledger.read(ledger);
    assertThat(entries).filteredOn(e -> e.expect().equals("closed")).isNotEmpty().allMatch(e -> e.answer() == Answer.CLOSED);
    assertThat(entries).filteredOn(LedgerEntry::expectsAccepted).allMatch(LedgerEntry::ackedAsAccepted);
  }

  @Test
  void printsAProgressLineEverySecond() {
    CommandRun run = hostile();

    List<String> progress = run.err().lines().filter(l -> l.startsWith("hostile ")).toList();
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
    assertThat(progress.get(progress.size() - 1))
        .matches("hostile +\\d+s \\| sent +\\d+/s \\| answered +\\d+/s \\| p50 [\\d.]+ ms p99 [\\d.]+ ms \\| errors 0 \\| closed \\d+ \\| refused \\d+ \\| gateways (\\d+)/\\1");
  }

  @Test
  void aServerThatAcceptsEverythingFailsTheRun() {
    broker.acks = FakeBroker.Acks.ACCEPT;

    CommandRun run = hostile("--shares", "clock=0.3");

    assertThat(run.exit()).isEqualTo(HostileExit.WRONG_ANSWERS.code());
    assertThat(run.out()).contains("messages were not answered as their kind calls for", "(clock): expected PUBACK 0x99, got PUBACK 0x00");
  }

  @Test
  void verifyAtTheEndFailsWhenThePlatformStoredNothing() {
    broker.acks = FakeBroker.Acks.ACCEPT;

    CommandRun run = hostile("--shares", "", "--verify");

    assertThat(run.exit()).isEqualTo(HostileExit.VERIFY_FAILED.code());
    assertThat(run.out()).contains("verify: FAIL", "the server counts 0 accepted messages");
  }
}
