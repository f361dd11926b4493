package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@code GET /api/v1/admin/devices} and {@code POST /api/v1/admin/devices/{deviceId}/disable|enable}.
 * Presence is seeded as ingest writes it (V14): a session row naming a process, alive while its heartbeat is fresh.
 */
class DevicesApiTest {

  private static final String ALIVE = "00000000-0000-0000-0000-00000000000a";
  private static final String CRASHED = "00000000-0000-0000-0000-00000000000d";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seedDevices() {
    api.district("410802", "解放区");
    api.lot("L-1", "410802", 100);
    api.lot("L-2", "410802", 100);
    api.db().execute("""
        INSERT INTO devices (id, kind, secret_sha256) VALUES
          ('dev-a', 'lot_gateway', sha256('a')), ('dev-b', 'lot_gateway', sha256('b')),
          ('dev-c', 'bay_gateway', sha256('c')), ('dev-d', 'lot_gateway', sha256('d')),
          ('dev-off', 'lot_gateway', sha256('e'));
        INSERT INTO device_lots VALUES ('dev-a', 'L-2'), ('dev-a', 'L-1'), ('dev-b', 'L-2');
        INSERT INTO ingest_processes (process_id, heartbeat_at) VALUES
          ('%s', now()), ('%s', now() - interval '10 minutes');
        INSERT INTO device_presence (device_id, process_id, connected_at, last_seen_at) VALUES
          ('dev-a', '%s', now() - interval '1 hour', now() - interval '1 hour'),
          ('dev-b', '%s', now() - interval '3 hours', now() - interval '3 hours'),
          ('dev-c', NULL, now() - interval '2 days', now() - interval '5 minutes')""".formatted(
            ALIVE, CRASHED, ALIVE, CRASHED));
  }

  @Test
  void listsDevicesByIdWithBindingsStateAndWhetherConnectedNow() {
    JsonObject first = get("/api/v1/admin/devices?limit=2");
    JsonObject second = get("/api/v1/admin/devices?limit=2&cursor=" + first.getString("next_cursor"));

    List<JsonObject> page = devices(first);
    assertThat(page).extracting(d -> d.getString("id")).containsExactly("dev-a", "dev-b");
    assertThat(devices(second)).extracting(d -> d.getString("id")).startsWith("dev-c", "dev-d");
    JsonObject a = page.get(0);
    assertThat(a.fieldNames()).containsExactlyInAnyOrder("id", "kind", "enabled", "lots", "covers", "last_seen_at",
        "connected");
    assertThat(a.getJsonArray("lots")).isEqualTo(new JsonArray().add("L-1").add("L-2"));
    assertThat(a.getBoolean("connected")).isTrue();
    assertThat(a.getBoolean("enabled")).isTrue();
    assertThat(page.get(1).getBoolean("connected")).as("its process stopped its heartbeat").isFalse();
  }

  @Test
  void silentForKeepsDevicesNotConnectedAndNotSeenSinceIncludingNeverSeen() {
    JsonObject silent = get("/api/v1/admin/devices?silent_for=PT2H");

    assertThat(devices(silent)).extracting(d -> d.getString("id")).containsExactly("dev-b", "dev-d", "dev-off");
  }

  @Test
  void kindFilters() {
    assertThat(devices(get("/api/v1/admin/devices?kind=bay_gateway"))).extracting(d -> d.getString("id"))
        .containsExactly("dev-c");
  }

  @Test
  void badSilentForIsRefused() {
    ApiFixture.assertError(api.get("/api/v1/admin/devices?silent_for=2h", ADMIN_TOKEN), 400, "bad_parameter");
  }

  @Test
  void disableSetsTheStateAndTellsIngestAsAnImportDoes() throws Exception {
    try (Connection listener = DriverManager.getConnection(api.db().jdbcUrl(), api.db().user(), api.db().password());
        Statement listen = listener.createStatement()) {
      listen.execute("LISTEN registry_changed");

      HttpResponse<String> response = api.post("/api/v1/admin/devices/dev-off/disable", ADMIN_TOKEN, "");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(ApiFixture.json(response).getBoolean("enabled")).isFalse();
      assertThat(api.db().count("SELECT count(*) FROM devices WHERE id = 'dev-off' AND NOT enabled")).isEqualTo(1);
      PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertThat(notifications).isNotNull().extracting(PGNotification::getName).contains("registry_changed");
    }
    HttpResponse<String> enabled = api.post("/api/v1/admin/devices/dev-off/enable", ADMIN_TOKEN, "");
    assertThat(ApiFixture.json(enabled).getBoolean("enabled")).isTrue();
  }

  @Test
  void disablingAnUnknownDeviceIsNotFound() {
    ApiFixture.assertError(api.post("/api/v1/admin/devices/nobody/disable", ADMIN_TOKEN, ""), 404, "not_found");
  }

  @Test
  void needsTheAdminRole() {
    assertThat(api.get("/api/v1/admin/devices", READER_TOKEN).statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/admin/devices/dev-a/disable", READER_TOKEN, "").statusCode()).isEqualTo(403);
  }

  private static JsonObject get(String path) {
    HttpResponse<String> response = api.get(path, ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiFixture.json(response);
  }

  private static List<JsonObject> devices(JsonObject page) {
    return page.getJsonArray("devices").stream().map(JsonObject.class::cast).toList();
  }
}
