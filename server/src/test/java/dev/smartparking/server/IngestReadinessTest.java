package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import dev.smartparking.testkit.TcpProxy;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest and the API in one process, both reaching PostgreSQL through a proxy the test cuts: while
 * ingest holds a message it cannot store, {@code /health/ready} answers 503 and says so under
 * {@code checks.ingest}; once storage is back it is ready again by itself.
 */
class IngestReadinessTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private TestDatabase db;
  private TcpProxy proxy;
  private ServerFixture server;

  @BeforeEach
  void start() {
    db = TestPostgres.freshDatabase();
    proxy = TcpProxy.to(db.host(), db.port());
    server = new ServerFixture(db, config -> config.set("db.host", "127.0.0.1")
        .set("db.port", Integer.toString(proxy.port()))).start();
    server.importCatalogue(new JsonObject(ServerFixture.CITY));
  }

  @AfterEach
  void stop() {
    try {
      server.close();
    } finally {
      proxy.close();
      db.close();
    }
  }

  @Test
  void readyIsUnavailableWithTheReasonWhileIngestRetriesStorage() throws Exception {
    assertThat(readyBody(ready(answer -> answer.status() == 200)).getJsonObject("checks").getString("ingest"))
        .isEqualTo("up");
    Mqtt5BlockingClient gateway = connect();
    gateway.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(ServerFixture.status(1, 420, 10)).send();

    CompletableFuture<Mqtt5PublishResult> puback;
    proxy.cut();
    try {
      puback = gateway.toAsync().publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
          .payload(ServerFixture.status(2, 420, 11)).send();
      JsonObject down = readyBody(ready(answer -> answer.status() == 503
          && readyBody(answer).getJsonObject("checks").getString("ingest").startsWith("down: storage unavailable")));
      assertThat(down.getString("status")).isEqualTo("down");
      assertThat(down.getJsonObject("checks").getString("ingest"))
          .matches("down: storage unavailable, retrying; [1-9]\\d* messages held, \\d+ connections paused");
      assertThat(puback).as("PUBACK while storage is cut").isNotDone();
    } finally {
      proxy.restore();
    }

    assertThat(puback.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).getError()).isEmpty();
    JsonObject up = readyBody(ready(answer -> answer.status() == 200));
    assertThat(up.getJsonObject("checks").getString("ingest")).isEqualTo("up");
    gateway.disconnect();
  }

  @Test
  void readyIsUnavailableFromTheStartOfAShutdown() throws Exception {
    Mqtt5BlockingClient gateway = connect();
    gateway.publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(ServerFixture.status(1, 420, 10)).send();

    CompletableFuture<Void> stopped;
    proxy.cut();
    try {
      // held by the cut, so the drain lasts until storage is back
      gateway.toAsync().publishWith().topic("v1/lots/L-1/status").qos(MqttQos.AT_LEAST_ONCE)
          .payload(ServerFixture.status(2, 420, 11)).send();
      ready(answer -> answer.status() == 503);
      stopped = CompletableFuture.runAsync(server::stopServer);
      JsonObject down = readyBody(ready(answer -> answer.status() == 503
          && readyBody(answer).getJsonObject("checks").getString("ingest").startsWith("down: shutting down")));
      assertThat(down.getString("status")).isEqualTo("down");
    } finally {
      proxy.restore();
    }
    stopped.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  private Mqtt5BlockingClient connect() {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier("gw-1")
        .serverHost("127.0.0.1").serverPort(server.mqttPort()).buildBlocking();
    client.connectWith().simpleAuth().username("gw-1")
        .password(ServerFixture.GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
    return client;
  }

  /** Asks {@code /health/ready} until its answer is {@code wanted}, failing after {@link #DEADLINE}. */
  private ServerFixture.Reply ready(Predicate<ServerFixture.Reply> wanted) {
    return server.awaitAnswer("/health/ready", DEADLINE, wanted);
  }

  private static JsonObject readyBody(ServerFixture.Reply answer) {
    return answer.json();
  }
}
