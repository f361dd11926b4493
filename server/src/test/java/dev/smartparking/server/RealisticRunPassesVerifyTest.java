package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's realistic city (every device kind, passages between snapshots, bay changes, cover
 * telemetry, gateway outages with back-fill and retransmitted duplicates, cover hazards, rain,
 * sensors falling silent) against the real server, then verify against the real API: every lot as
 * the simulator knows it, every message counted once, every alarm-worthy episode one alarm of the
 * right type on the right cover and none without a cause, every alarm event delivered to its
 * unit's webhook receiver with a valid signature.
 *
 * <p>Timing: 120 simulated minutes in 20 s (360×), so the covers' report intervals are provisioned
 * as 1–3 wall seconds; the server sweeps every second (the simulator plans its silences and verify
 * judges them by the same figure), and delivers to the simulator's receivers on loopback.
 */
class RealisticRunPassesVerifyTest extends AgainstRunningServer {

  private static final String SWEEP = "1s";

  @Override
  ServerFixture fixture() {
    return new ServerFixture(
        config -> config.set("alarms.sweep-interval", "PT1S").set("alarms.webhook-allow-loopback", "true"));
  }

  @Test
  void aRealisticRunWithOutagesAndAlarmsPassesVerify() {
    List<String> args = new ArrayList<>(List.of("demo"));
    args.addAll(apiOptions());
    args.addAll(
        List.of(
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(server.mqttPort()),
            "--scale", "0.01",
            "--sim-minutes", "120",
            "--duration", "20s",
            // Outages often enough that some gateway drops with messages unacknowledged.
            "--offline-rate", "6",
            "--offline-length", "3m",
            // Every kind of alarm within the run: rain for water, hazards often enough for ~10 of each.
            "--rain", "07:40,60m",
            "--tilt-rate", "0.1",
            "--open-rate", "0.05",
            "--gas-rate", "0.1",
            "--low-battery-share", "0.05",
            "--silent-share", "0.1",
            "--sweep-interval", SWEEP,
            "--ledger", dir.resolve("realistic.jsonl").toString(),
            "--verify"));

    SimulatorRun run = SimulatorRun.of(args);

    assertThat(run.exit()).as(run.out() + "\n" + run.err()).isZero();
    assertThat(run.out()).contains("verify: PASS").containsPattern("[1-9]\\d* alarm events, [1-9]\\d* deliveries compared");
  }
}
