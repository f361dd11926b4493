package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The simulator's CONNECT flood against the real server: every CONNECT with an unknown id is
 * answered with a refusal, the flood counts each, and the server counts as many refused logins.
 */
class SimulatorFloodTest extends AgainstRunningServer {

  private static final Pattern BAD_CREDENTIALS =
      Pattern.compile("smartparking_mqtt_connects_total\\{[^}]*result=\"bad_credentials\"[^}]*\\} (\\S+)");

  private static final Pattern REGISTRY_QUERIES =
      Pattern.compile("(?m)^smartparking_ingest_registry_queries_total\\{[^}]*\\} (\\S+)");

  @Test
  void everyUnknownIdIsRefusedCountedOnBothSidesAndAnsweredFromMemory() {
    double before = badCredentials();
    double queriesBefore = registryQueries();

    SimulatorRun run = SimulatorRun.of(List.of("flood", "--port", Integer.toString(server.mqttPort()),
        "--rate", "300", "--duration", "2s", "--in-flight", "100", "--timeout", "10s"));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject results = new JsonObject(run.out()).getJsonObject("results");
    long started = results.getLong("started");
    assertThat(started).isGreaterThan(500);
    // 0x04 for MQTT 3.1.1 (0x86 is MQTT 5's); 0x05 would be a refusal the server makes for other reasons.
    assertThat(results.getLong("refused")).isEqualTo(started);
    assertThat(results.getJsonObject("connack").getLong("4_bad_user_name_or_password")).isEqualTo(started);
    assertThat(badCredentials() - before).isEqualTo(started);
    // A periodic reload may fall inside the flood; a query per CONNECT would be hundreds.
    assertThat(registryQueries() - queriesBefore).isLessThan(10);
  }

  @Test
  void mqttSocketsRegisterNoMetersOfTheirOwn() {
    SimulatorRun run = SimulatorRun.of(List.of("flood", "--port", Integer.toString(server.mqttPort()),
        "--rate", "50", "--duration", "1s", "--in-flight", "10", "--timeout", "10s"));
    assertThat(run.exit()).as(run.err()).isZero();

    String metrics = server.answer("/metrics").body();
    // The flood's sockets left nothing per TCP connection behind; the pools' Vert.x meters are still there.
    assertThat(metrics).doesNotContain("vertx_net_server_").contains("vertx_pool_in_use");
  }

  private double registryQueries() {
    Matcher m = REGISTRY_QUERIES.matcher(server.answer("/metrics").body());
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  private double badCredentials() {
    String metrics = server.answer("/metrics").body();
    Matcher m = BAD_CREDENTIALS.matcher(metrics);
    assertThat(m.find()).as("bad_credentials in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}
