package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mqtt.enabled=false} and {@code http.enabled=false}: the API and ingest each run alone,
 * as two servers over one database, so they scale separately and meet only in PostgreSQL.
 */
class IngestAndApiRunSeparatelyTest {

  /** Owns the database, which it drops on close. */
  private static ServerFixture apiAlone;
  private static ServerFixture ingestAlone;
  private static String gw2Secret;

  @BeforeAll
  static void startBothOnOneDatabase() {
    apiAlone = new ServerFixture(config -> config.set("mqtt.enabled", "false"));
    apiAlone.start();
    gw2Secret = apiAlone.importCatalogue(new JsonObject(ServerFixture.CITY))
        .getJsonObject("issued_secrets").getString("gw-2");
    ingestAlone = new ServerFixture(apiAlone.db, config -> config.set("http.enabled", "false"));
    ingestAlone.start();
  }

  @AfterAll
  static void stopBoth() {
    try {
      if (ingestAlone != null) {
        ingestAlone.close();
      }
    } finally {
      if (apiAlone != null) {
        apiAlone.close();
      }
    }
  }

  @Test
  void ingestAloneServesMqttOnlyAndStoresAStatus() {
    assertThat(ingestAlone.httpPort()).isEqualTo(-1);
    assertThat(ingestAlone.mqttPort()).isPositive();

    ingestAlone.publishStatus("gw-1", ServerFixture.GW1_SECRET, "L-1", 1, 420, 37);

    assertThat(ingestAlone.db.rows("SELECT total, free, closed FROM lot_state WHERE lot_id = 'L-1'"))
        .containsExactly(Map.of("total", 420, "free", 37, "closed", false));
  }

  @Test
  void apiAloneServesHttpOnlyAndIsReady() {
    assertThat(apiAlone.mqttPort()).isEqualTo(-1);
    assertThat(apiAlone.httpPort()).isPositive();

    assertThat(apiAlone.await("/health/ready", ready -> true)).isEqualTo(new JsonObject()
        .put("status", "up").put("checks", new JsonObject().put("storage", "up").put("availability", "up")));
  }

  @Test
  void statusTakenByIngestAloneIsServedByTheApiAlone() {
    ingestAlone.publishStatus("gw-2", gw2Secret, "L-2", 1, 100, 60);

    JsonObject lot = apiAlone.await("/api/v1/lots/L-2", l -> l.getValue("free") != null);
    assertThat(lot.getInteger("free")).isEqualTo(60);
    assertThat(lot.getString("state")).isEqualTo("open");
  }
}
