package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.ledger.Ledger;
import dev.smartparking.simulator.ledger.LedgerEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's end-to-end correctness check: the simulator's hostile mode against the real server
 * on a fresh database, then its verify step against the real API; and verify noticing a message
 * the database lost afterwards.
 */
class HostileRunPassesVerifyTest extends AgainstRunningServer {

  /** A five-second hostile run of a small city over {@code version}, writing {@code ledger}. */
  private SimulatorRun hostile(Path ledger, String version, boolean verify) {
    List<String> args = new ArrayList<>(List.of("hostile"));
    args.addAll(apiOptions());
    args.addAll(
        List.of(
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(server.mqttPort()),
            "--mqtt-version", version,
            "--scale", "0.02",
            "--duration", "5s",
            "--rate", "60",
            "--ledger", ledger.toString()));
    if (verify) {
      args.add("--verify");
    }
    return SimulatorRun.of(args);
  }

  @ParameterizedTest(name = "MQTT {0}")
  @ValueSource(strings = {"5", "3.1.1"})
  void aHostileRunAgainstTheRealServerPassesVerify(String version) {
    SimulatorRun run = hostile(dir.resolve("passes-" + version + ".jsonl"), version, true);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("verify: PASS");
  }

  @Test
  void verifyNamesTheDeviceWhoseAcknowledgedMessageTheDatabaseLost() throws Exception {
    Path ledger = dir.resolve("lost.jsonl");
    SimulatorRun hostile = hostile(ledger, "5", false);
    assertThat(hostile.exit()).as(hostile.out() + hostile.err()).isZero();
    // The oldest acknowledged message, gone from the database as if its write had been lost.
    LedgerEntry lost =
        Ledger.read(ledger).stream()
            .filter(LedgerEntry::ackedAsAccepted)
            .min((a, b) -> Long.compare(a.ts(), b.ts()))
            .orElseThrow();
    server.db.execute(
        "DELETE FROM lot_status_events WHERE device_id = '%s' AND seq = %d".formatted(lost.device(), lost.seq()));
    List<String> args = new ArrayList<>(List.of("verify", "--ledger", ledger.toString()));
    args.addAll(apiOptions());

    SimulatorRun run = SimulatorRun.of(args);

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .startsWith("verify: FAIL")
        .containsPattern("device " + lost.device() + ": the server counts \\d+ accepted messages; .*\\(lost 1\\)");
  }
}
