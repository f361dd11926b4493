package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's realistic city (every device kind, passages between snapshots, bay changes, cover
 * telemetry, gateway outages with back-fill and retransmitted duplicates) against the real server,
 * then verify against the real API: every lot as the simulator knows it, every message counted once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealisticRunPassesVerifyTest {

  @TempDir static Path dir;

  private ServerFixture server;

  @BeforeAll
  void start() {
    server = new ServerFixture().start();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void aRealisticRunWithOutagesPassesVerify() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute("demo",
            "--api", "http://127.0.0.1:" + server.httpPort(),
            "--admin-token", ServerFixture.ADMIN_TOKEN,
            "--reader-token", ServerFixture.READER_TOKEN,
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(server.mqttPort()),
            "--scale", "0.01",
            "--sim-minutes", "90",
            "--duration", "8s",
            // Outages often enough that some gateway drops with messages unacknowledged.
            "--offline-rate", "6",
            "--offline-length", "3m",
            "--ledger", dir.resolve("realistic.jsonl").toString(),
            "--verify");

    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("verify: PASS");
  }
}
