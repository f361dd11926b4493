package dev.smartparking.simulator.flood;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.CommandRun;
import dev.smartparking.simulator.standin.FakeBroker;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flood command over real sockets: against the stand-in broker, and against a server that never answers. */
class FloodCommandTest {

  private static final int RATE = 200;

  /** Runs {@code flood} for one second at {@link #RATE} against {@code port}; {@code overrides} replace options. */
  private static CommandRun flood(int port, String... overrides) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("--port", Integer.toString(port));
    options.put("--rate", Integer.toString(RATE));
    options.put("--duration", "1s");
    options.put("--in-flight", "50");
    options.put("--timeout", "5s");
    for (int i = 0; i < overrides.length; i += 2) {
      options.put(overrides[i], overrides[i + 1]);
    }
    return CommandRun.of(CommandRun.arguments("flood", options));
  }

  @Test
  void everyConnectWithAnUnknownIdIsRefusedAndCountedAsSuch() throws Exception {
    try (FakeBroker broker = new FakeBroker()) {
      CommandRun run = flood(broker.port());

      assertThat(run.exit()).as(run.err()).isZero();
      JsonObject results = new JsonObject(run.out()).getJsonObject("results");
      long started = results.getLong("started");
      // Paced: a second at RATE, give or take the last tick.
      assertThat(started).isBetween(RATE * 9L / 10, (long) RATE);
      assertThat(results.getJsonObject("connack").getLong("4_bad_user_name_or_password")).isEqualTo(started);
      assertThat(results.getLong("refused")).isEqualTo(started);
      // Each CONNECT reached the broker as a well-formed MQTT 3.1.1 CONNECT with an id of its own.
      assertThat(broker.refused).hasSize((int) started).allMatch(id -> id.matches("flood-[0-9a-f]{16}"));
      assertThat(run.err()).containsPattern("generator CPU [0-9.]+ s, [0-9.]+ µs a CONNECT");
    }
  }

  @Test
  void connectsAServerNeverAnswersCountAsTimedOut() throws Exception {
    // Accepted by the kernel's backlog, never read: no CONNACK ever comes.
    try (ServerSocket silent = new ServerSocket(0, 1_000, InetAddress.getLoopbackAddress())) {
      CommandRun run = flood(silent.getLocalPort(), "--rate", "20", "--timeout", "300ms");

      assertThat(run.exit()).as(run.err()).isEqualTo(4);
      JsonObject results = new JsonObject(run.out()).getJsonObject("results");
      assertThat(results.getLong("started")).isPositive();
      assertThat(results.getLong("timeouts")).isEqualTo(results.getLong("started"));
      assertThat(results.getLong("refused")).isZero();
    }
  }
}
