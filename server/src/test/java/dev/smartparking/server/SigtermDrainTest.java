package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.smartparking.catalog.Catalogue;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.db.SchemaMigrator;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process (a JVM of its own) sent SIGTERM while an MQTT 5 device publishes QoS 1 as fast
 * as its acknowledgements allow: the device is told DISCONNECT 0x8B, every message it saw
 * acknowledged is stored, and the process exits within {@code shutdown.grace} and a JVM's start.
 */
class SigtermDrainTest {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration GRACE = Duration.ofSeconds(5);
  private static final String DEVICE = "gw-term-1";
  private static final String SECRET = "gw-term-1-secret-0123456789";
  private static final int WINDOW = 40;
  private static final Pattern UP = Pattern.compile("smartparking server up: mqtt port (\\d+)");

  @TempDir
  Path logs;

  @Test
  void sigtermUnderQos1LoadStoresEveryAcknowledgedMessageAndSaysServerShuttingDown() throws Exception {
    Path log = logs.resolve("server.log");
    Process server = null;
    try (TestDatabase db = TestPostgres.freshDatabase()) {
      ServerConfig config = ConfigLoader.defaults().setAll(db.serverSettings()).build();
      SchemaMigrator.migrate(config.database());
      importCity(config);
      server = ServerProcess.serve(db, log, Map.of("SMARTPARKING_SHUTDOWN_GRACE", GRACE.toString(),
          "SMARTPARKING_ALARMS_ENABLED", "false"));
      Eventually.within(DEADLINE, () -> "server up, log: " + ServerProcess.log(log),
          () -> UP.matcher(ServerProcess.log(log)).find());
      Matcher up = UP.matcher(ServerProcess.log(log));
      assertThat(up.find()).isTrue();

      CompletableFuture<Throwable> disconnected = new CompletableFuture<>();
      Mqtt5AsyncClient device = MqttClient.builder().useMqttVersion5().identifier(DEVICE)
          .serverHost("127.0.0.1").serverPort(Integer.parseInt(up.group(1)))
          .addDisconnectedListener(context -> disconnected.complete(context.getCause()))
          .buildAsync();
      device.connectWith().simpleAuth().username(DEVICE).password(SECRET.getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth().send().get(10, TimeUnit.SECONDS);

      Set<Long> acked = ConcurrentHashMap.newKeySet();
      Semaphore window = new Semaphore(WINDOW);
      long t0 = System.currentTimeMillis();
      CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> publishUntilGone(device, window, acked,
          disconnected, t0));
      Eventually.within(DEADLINE, "messages acknowledged under load", () -> acked.size() > 500);

      long started = System.nanoTime();
      server.destroy(); // SIGTERM
      assertThat(server.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited").isTrue();
      long tookMs = (System.nanoTime() - started) / 1_000_000;

      Throwable cause = disconnected.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(cause).isInstanceOf(Mqtt5DisconnectException.class);
      assertThat(((Mqtt5DisconnectException) cause).getMqttMessage().getReasonCode())
          .isEqualTo(Mqtt5DisconnectReasonCode.SERVER_SHUTTING_DOWN);
      long lastSent = sent.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      Set<Long> stored = db.rows("SELECT seq FROM lot_status_events WHERE device_id = ?", DEVICE).stream()
          .map(row -> ((Number) row.get("seq")).longValue()).collect(Collectors.toSet());
      assertThat(stored).as("stored, of %d acknowledged of %d sent", acked.size(), lastSent).containsAll(acked);
      System.out.printf("SIGTERM under load: %d sent, %d acknowledged, %d stored, exit after %d ms%n", lastSent,
          acked.size(), stored.size(), tookMs);
      // the JVM's exit after the hook, not only the drain: generous for a loaded machine
      assertThat(tookMs).as("SIGTERM to exit (ms), log: %s", ServerProcess.log(log))
          .isLessThan(GRACE.toMillis() + 5_000);
    } finally {
      if (server != null) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  /** QoS 1 with at most {@link #WINDOW} unacknowledged, until the connection ends; the last seq sent. */
  private static long publishUntilGone(Mqtt5AsyncClient device, Semaphore window, Set<Long> acked,
      CompletableFuture<Throwable> disconnected, long t0) {
    long seq = 0;
    try {
      while (!disconnected.isDone()) {
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        long s = ++seq;
        device.publishWith().topic("v1/lots/L-T/status").qos(MqttQos.AT_LEAST_ONCE)
            .payload(String.format("{\"seq\":%d,\"ts\":%d,\"total\":100,\"free\":%d}", s, t0 + s, s % 100)
                .getBytes(StandardCharsets.UTF_8))
            .send()
            .whenComplete((result, failure) -> {
              if (failure == null && result.getError().isEmpty()) {
                acked.add(s);
              }
              window.release();
            });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return seq;
  }

  private static void importCity(ServerConfig config) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgClients.pool(vertx, config.database(), "test-import", 1);
    try {
      new CatalogueImport(pool).apply(new Catalogue(
          List.of(new Catalogue.District("410802", "解放区")), List.of(),
          List.of(new Catalogue.Lot("L-T", "lot L-T", "410802", 35.24, 113.24, 100, "status", "commercial", List.of())),
          List.of(), List.of(new Catalogue.Device(DEVICE, "lot_gateway", List.of("L-T"), List.of(), SECRET, false))))
          .await();
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
