package dev.smartparking.server;

import static dev.smartparking.server.ServerFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** End to end: the admin provisions a city, gateways publish over MQTT, the city platform reads REST. */
class CityPlatformSeesDeviceUpdatesTest {

  private static final String GW_SECRET = "gateway-secret-Hq4vX9tLw2";
  private ServerFixture server;
  private JsonObject issued;

  @BeforeEach
  void start() {
    server = new ServerFixture().start();
    issued = server.importCatalogue(new JsonObject()
        .put("districts", new JsonArray()
            .add(new JsonObject().put("code", "410802").put("name", "解放区"))
            .add(new JsonObject().put("code", "410811").put("name", "山阳区")))
        .put("lots", new JsonArray()
            .add(lot("L-1", "410802", 420))
            .add(lot("L-2", "410811", 100)))
        .put("devices", new JsonArray()
            .add(new JsonObject().put("id", "gw-1").put("kind", "lot_gateway")
                .put("lots", new JsonArray().add("L-1")).put("secret", GW_SECRET))
            .add(new JsonObject().put("id", "gw-2").put("kind", "lot_gateway")
                .put("lots", new JsonArray().add("L-2")))));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void statusPublishedOverMqtt5ShowsInDistrictAvailability() {
    server.publishStatus("gw-1", GW_SECRET, "L-1", 1, 420, 37);

    JsonObject availability = server.await("/api/v1/availability", city -> city.getLong("lots_reporting") == 1);

    assertThat(availability.getLong("total")).isEqualTo(420);
    assertThat(availability.getLong("free")).isEqualTo(37);
    assertThat(availability.getLong("lots")).isEqualTo(2);
    assertThat(availability.getLong("lots_reporting")).isEqualTo(1);
    JsonObject jiefang = district(availability, "410802");
    assertThat(jiefang.getString("name")).isEqualTo("解放区");
    assertThat(jiefang.getLong("free")).isEqualTo(37);
    assertThat(jiefang.getDouble("occupancy_rate")).isEqualTo(0.912);
  }

  @Test
  void statusPublishedOverMqttShowsInTheLotsOccupancy() {
    server.publishStatus("gw-1", GW_SECRET, "L-1", 1, 420, 37);

    // the minute row is written by the triggers in the ingest batch's own transaction
    JsonArray points = server.get("/api/v1/lots/L-1/occupancy?step=1m").getJsonArray("points");

    assertThat(points).hasSize(1);
    assertThat(points.getJsonObject(0).getInteger("free_last")).isEqualTo(37);
    assertThat(points.getJsonObject(0).getInteger("total")).isEqualTo(420);
  }

  @Test
  void gatewayWithAServerIssuedSecretPublishesOverMqtt311() {
    String issuedSecret = issued.getJsonObject("issued_secrets").getString("gw-2");

    Mqtt3BlockingClient client = MqttClient.builder().useMqttVersion3().identifier("gw-2")
        .serverHost("127.0.0.1").serverPort(server.mqttPort()).buildBlocking();
    client.connectWith().simpleAuth().username("gw-2").password(issuedSecret.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    client.publishWith().topic("v1/lots/L-2/status").qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(1, 100, 60)).send();
    client.disconnect();

    JsonObject lot = server.await("/api/v1/lots/L-2", l -> l.getValue("free") != null);
    assertThat(lot.getString("state")).isEqualTo("open");
    assertThat(district(server.get("/api/v1/availability"), "410811").getLong("free")).isEqualTo(60);
  }

  @Test
  void availabilitySurvivesServerRestart() {
    server.publishStatus("gw-1", GW_SECRET, "L-1", 1, 420, 99);

    server.restart();

    // loaded from PostgreSQL at start, not from a notification
    assertThat(server.await("/api/v1/availability", city -> true).getLong("free")).isEqualTo(99);
    JsonObject lot = server.get("/api/v1/lots/L-1");
    assertThat(lot.getInteger("free")).isEqualTo(99);
    assertThat(lot.getString("state")).isEqualTo("open");
  }

  @Test
  void statusSentWithMosquittoPubShowsInAvailability() throws Exception {
    Path mosquittoPub = Path.of("/usr/bin/mosquitto_pub");
    assumeTrue(Files.isExecutable(mosquittoPub), "mosquitto_pub (Debian's mosquitto-clients) is not installed");

    Process process = new ProcessBuilder(mosquittoPub.toString(), "-h", "127.0.0.1",
        "-p", Integer.toString(server.mqttPort()), "-i", "gw-1", "-u", "gw-1", "-P", GW_SECRET,
        "-q", "1", "-t", "v1/lots/L-1/status", "-m", new String(status(5, 420, 210), StandardCharsets.UTF_8))
        .redirectErrorStream(true).start();

    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    assertThat(server.await("/api/v1/availability", city -> city.getLong("free") == 210).getLong("free"))
        .isEqualTo(210);
  }

  private static JsonObject lot(String id, String district, int capacity) {
    return new JsonObject().put("id", id).put("name", "lot " + id).put("district", district)
        .put("lat", 35.2).put("lon", 113.2).put("capacity", capacity).put("counting", "status");
  }

  private static JsonObject district(JsonObject availability, String code) {
    return availability.getJsonArray("districts").stream()
        .map(JsonObject.class::cast)
        .filter(d -> d.getString("code").equals(code))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no district " + code + " in " + availability.encode()));
  }
}
