package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's realistic city (every device kind, passages between snapshots, bay changes, cover
 * telemetry, gateway outages with back-fill and retransmitted duplicates) against the real server,
 * then verify against the real API: every lot as the simulator knows it, every message counted once.
 */
class RealisticRunPassesVerifyTest extends AgainstRunningServer {

  @Test
  void aRealisticRunWithOutagesPassesVerify() {
    List<String> args = new ArrayList<>(List.of("demo"));
    args.addAll(apiOptions());
    args.addAll(
        List.of(
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(server.mqttPort()),
            "--scale", "0.01",
            "--sim-minutes", "90",
            "--duration", "8s",
            // Outages often enough that some gateway drops with messages unacknowledged.
            "--offline-rate", "6",
            "--offline-length", "3m",
            "--ledger", dir.resolve("realistic.jsonl").toString(),
            "--verify"));

    SimulatorRun run = SimulatorRun.of(args);

    assertThat(run.exit()).as(run.out() + "\n" + run.err()).isZero();
    assertThat(run.out()).contains("verify: PASS");
  }
}
