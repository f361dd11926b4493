package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.Eventually;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code management.port}: the operations endpoints on a listener of their own, in an API process
 * and in an ingest-only one, and gone from the API's public port.
 */
class ManagementListenerTest {

  private static final Duration READY = Duration.ofSeconds(30);

  /** Owns the database, which it drops on close. */
  private static ServerFixture api;
  private static ServerFixture ingest;

  @BeforeAll
  static void startBothWithManagementPorts() {
    api = new ServerFixture(config -> config.set("mqtt.enabled", "false").set("management.port", "0"));
    api.start();
    api.importCatalogue(new JsonObject(ServerFixture.CITY));
    ingest = new ServerFixture(api.db, config -> config.set("http.enabled", "false").set("management.port", "0"));
    ingest.start();
  }

  @AfterAll
  static void stopBoth() {
    try {
      if (ingest != null) {
        ingest.close();
      }
    } finally {
      if (api != null) {
        api.close();
      }
    }
  }

  @Test
  void theApiPortNoLongerServesHealthOrMetrics() {
    assertThat(api.answer("/metrics").statusCode()).isEqualTo(404);
    assertThat(api.answer("/health/ready").statusCode()).isEqualTo(404);
    assertThat(api.answer("/health/live").statusCode()).isEqualTo(404);
  }

  @Test
  void theManagementPortServesMetricsAndTheApisReadiness() {
    Eventually.within(READY, "API ready on its management port",
        () -> api.managementAnswer("/health/ready").statusCode() == 200);

    assertThat(new JsonObject(api.managementAnswer("/health/ready").body()).getJsonObject("checks"))
        .isEqualTo(new JsonObject().put("storage", "up").put("availability", "up"));
    HttpResponse<String> metrics = api.managementAnswer("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("smartparking_");
  }

  @Test
  void anIngestOnlyProcessReportsItsReadinessAndMetrics() {
    assertThat(ingest.httpPort()).isEqualTo(-1);
    Eventually.within(READY, "ingest ready on its management port",
        () -> ingest.managementAnswer("/health/ready").statusCode() == 200);

    assertThat(new JsonObject(ingest.managementAnswer("/health/ready").body()).getJsonObject("checks"))
        .isEqualTo(new JsonObject().put("storage", "up").put("ingest", "up"));
    assertThat(ingest.managementAnswer("/metrics").body()).contains("smartparking_ingest_");
  }

  @Test
  void theManagementPortServesNoApi() {
    assertThat(api.managementAnswer("/api/v1/availability").statusCode()).isEqualTo(404);
  }
}
