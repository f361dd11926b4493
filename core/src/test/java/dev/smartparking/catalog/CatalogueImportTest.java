package dev.smartparking.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.db.SchemaMigrator;
import dev.smartparking.secret.SecretDigest;
import dev.smartparking.testkit.RowLock;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Imports against a real, migrated PostgreSQL database. The database is shared by the class, so
 * every test works on ids of its own and asserts only about those.
 */
class CatalogueImportTest {

  private static TestDatabase db;
  private static Vertx vertx;
  private static Pool pool;
  private static CatalogueImport catalogueImport;

  @BeforeAll
  static void migrateAndConnect() {
    db = TestPostgres.freshDatabase();
    ServerConfig.Database database =
        ConfigLoader.defaults().setAll(db.serverSettings()).set("db.pool-size", "2").build().database();
    SchemaMigrator.migrate(database);
    vertx = Vertx.vertx();
    pool = PgClients.pool(vertx, database, "test", 2);
    catalogueImport = new CatalogueImport(pool);
    apply("""
        {"districts": [{"code": "410802", "name": "解放区"}],
         "units": [{"id": "U-base", "name": "base unit"}]}""");
  }

  @AfterAll
  static void closeAll() {
    if (pool != null) {
      pool.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aLotsStaticDataIsStoredAndReplacedByTheNextImport() {
    apply("""
        {"lots": [{"id": "L-details", "name": "人民公园", "district": "410802", "lat": 35.24, "lon": 113.24,
          "capacity": 420, "counting": "status", "operator": "焦作市停车管理有限公司", "address": "人民路 1 号",
          "phone": "0391-1234567", "opening_hours": "24/7", "fee_text": "每小时 2 元",
          "fee": {"currency": "CNY", "per_hour": 2},
          "entrances": [{"id": "E1", "lat": 35.2401, "lon": 113.2398}],
          "spots": {"normal": 400, "disabled": 8, "ev_charging": 12}}]}""");

    assertThat(db.rows("SELECT operator, address, phone, opening_hours, fee_text, fee::text, entrances::text, "
        + "spots::text FROM lots WHERE id = 'L-details'")).containsExactly(Map.of(
            "operator", "焦作市停车管理有限公司", "address", "人民路 1 号", "phone", "0391-1234567",
            "opening_hours", "24/7", "fee_text", "每小时 2 元",
            "fee", "{\"currency\": \"CNY\", \"per_hour\": 2.0, \"free_minutes\": 0}",
            "entrances", "[{\"id\": \"E1\", \"lat\": 35.2401, \"lon\": 113.2398, \"kind\": \"both\"}]",
            "spots", "{\"normal\": 400, \"disabled\": 8, \"ev_charging\": 12}"));

    apply("""
        {"lots": [{"id": "L-details", "name": "人民公园", "district": "410802", "lat": 35.24, "lon": 113.24,
          "capacity": 420, "counting": "status"}]}""");

    assertThat(db.count("SELECT count(*) FROM lots WHERE id = 'L-details' AND operator IS NULL AND address IS NULL "
        + "AND phone IS NULL AND opening_hours IS NULL AND fee_text IS NULL AND fee IS NULL AND entrances IS NULL "
        + "AND spots IS NULL")).isEqualTo(1);
  }

  @Test
  void importCreatesRowsOfEverySection() {
    ImportSummary summary = apply("""
        {"districts": [{"code": "D-create", "name": "新区"}],
         "units": [{"id": "U-create", "name": "住建局", "district": "D-create"}],
         "lots": [
           {"id": "L-create", "name": "人民公园", "district": "D-create", "lat": 35.24, "lon": 113.24,
            "capacity": 420, "counting": "status", "kind": "commercial"},
           {"id": "S-create", "name": "民主路", "district": "D-create", "lat": 35.2, "lon": 113.2,
            "capacity": 2, "counting": "bays", "bays": ["A-001", "A-002"]}],
         "covers": [{"id": "C-create", "unit": "U-create", "district": "D-create", "lat": 34.9, "lon": 113.1}],
         "devices": [{"id": "gw-create", "kind": "lot_gateway", "lots": ["L-create"],
                      "secret": "create-secret-Hq4vX9tLw2"},
                     {"id": "cs-create", "kind": "cover_sensor", "covers": ["C-create"],
                      "secret": "create-secret-Pz7kM3rYc8"}]}""");

    assertThat(summary).isEqualTo(new ImportSummary(1, 1, 2, 2, 1, 2, Map.of(), true));
    assertThat(db.rows("SELECT code, name FROM districts WHERE code = 'D-create'"))
        .containsExactly(Map.of("code", "D-create", "name", "新区"));
    assertThat(db.rows("SELECT id, district_code FROM units WHERE id = 'U-create'"))
        .containsExactly(Map.of("id", "U-create", "district_code", "D-create"));
    assertThat(db.rows("SELECT id, capacity, counting, kind FROM lots WHERE district_code = 'D-create' ORDER BY id"))
        .containsExactly(
            Map.of("id", "L-create", "capacity", 420, "counting", "status", "kind", "commercial"),
            Map.of("id", "S-create", "capacity", 2, "counting", "bays", "kind", "unspecified"));
    assertThat(db.rows("SELECT bay_id FROM bays WHERE lot_id = 'S-create' ORDER BY bay_id"))
        .containsExactly(Map.of("bay_id", "A-001"), Map.of("bay_id", "A-002"));
    assertThat(db.rows("SELECT unit_id, report_interval_s, gas_limit_ppm FROM covers WHERE id = 'C-create'"))
        .containsExactly(Map.of("unit_id", "U-create", "report_interval_s", 600, "gas_limit_ppm", 25.0));
    assertThat(db.rows("SELECT id, kind FROM devices WHERE id LIKE '%-create' ORDER BY id"))
        .containsExactly(Map.of("id", "cs-create", "kind", "cover_sensor"), Map.of("id", "gw-create", "kind", "lot_gateway"));
    assertThat(db.rows("SELECT lot_id FROM device_lots WHERE device_id = 'gw-create'"))
        .containsExactly(Map.of("lot_id", "L-create"));
    assertThat(db.rows("SELECT cover_id FROM device_covers WHERE device_id = 'cs-create'"))
        .containsExactly(Map.of("cover_id", "C-create"));
  }

  @Test
  void registeredBayGetsAStateRowOfUnknownStateAndAReimportKeepsReportedOnes() {
    apply(bayLot("S-state", "\"B-1\""));
    db.execute("UPDATE bay_state SET occupied = true, observed_at = now(), last_seen_at = now() "
        + "WHERE lot_id = 'S-state' AND bay_id = 'B-1'");

    apply(bayLot("S-state", "\"B-1\", \"B-2\""));

    assertThat(db.rows("SELECT bay_id, coalesce(occupied::text, 'unknown') AS state FROM bay_state "
            + "WHERE lot_id = 'S-state' ORDER BY bay_id"))
        .containsExactly(Map.of("bay_id", "B-1", "state", "true"), Map.of("bay_id", "B-2", "state", "unknown"));
  }

  private static String bayLot(String id, String bays) {
    return "{\"lots\": [{\"id\": \"" + id + "\", \"name\": \"x\", \"district\": \"410802\", \"lat\": 35.2, "
        + "\"lon\": 113.2, \"capacity\": 2, \"counting\": \"bays\", \"bays\": [" + bays + "]}]}";
  }

  @Test
  void reimportUpdatesAnExistingEntry() {
    apply(lotDocument("L-update", 100));

    apply(lotDocument("L-update", 150));

    assertThat(db.rows("SELECT capacity FROM lots WHERE id = 'L-update'")).containsExactly(Map.of("capacity", 150));
  }

  @Test
  void coverThresholdsAreStored() {
    apply("""
        {"districts": [{"code": "410802", "name": "解放区"}], "units": [{"id": "U-t", "name": "u"}],
         "covers": [{"id": "C-t", "unit": "U-t", "district": "410802", "lat": 35.2, "lon": 113.2,
                     "gas_limit_ppm": 12.5, "tilt_limit_deg": 9.5, "water_margin_cm": -5, "battery_min_pct": 35}]}""");

    assertThat(db.rows("SELECT gas_limit_ppm, tilt_limit_deg::float8 AS tilt, water_margin_cm::float8 AS water,"
        + " battery_min_pct::int AS battery FROM covers WHERE id = 'C-t'")).containsExactly(Map.of(
            "gas_limit_ppm", 12.5, "tilt", 9.5, "water", -5.0, "battery", 35));
  }

  @Test
  void webhookIsSetKeptByADocumentThatOmitsItAndRemovedByNull() {
    apply("""
        {"units": [{"id": "U-w", "name": "u", "webhook": {"url": "https://u.example.org/h", "secret": "s-0123456789abcdef"}}]}""");
    apply("""
        {"units": [{"id": "U-w", "name": "renamed"}]}""");

    assertThat(db.rows("SELECT name, webhook_url, webhook_secret FROM units WHERE id = 'U-w'")).containsExactly(
        Map.of("name", "renamed", "webhook_url", "https://u.example.org/h", "webhook_secret", "s-0123456789abcdef"));

    apply("""
        {"units": [{"id": "U-w", "name": "renamed", "webhook": null}]}""");

    assertThat(db.rows("SELECT webhook_url IS NULL AND webhook_secret IS NULL AS gone FROM units WHERE id = 'U-w'"))
        .containsExactly(Map.of("gone", true));
  }

  @Test
  void deviceWithoutSecretIsIssuedOneWhoseHashIsStored() {
    ImportSummary summary = apply(deviceDocument("gw-issued", "{}"));

    String issued = summary.issuedSecrets().get("gw-issued");
    assertThat(summary.issuedSecrets()).containsOnlyKeys("gw-issued");
    assertThat(issued).hasSizeGreaterThanOrEqualTo(32);
    assertThat(SecretDigest.matches(issued, storedHash("gw-issued"))).isTrue();
  }

  @Test
  void issuedSecretsDifferPerDevice() {
    ImportSummary summary = apply("""
        {"devices": [{"id": "gw-issued-a", "kind": "lot_gateway"}, {"id": "gw-issued-b", "kind": "lot_gateway"}]}""");

    assertThat(summary.issuedSecrets().get("gw-issued-a")).isNotEqualTo(summary.issuedSecrets().get("gw-issued-b"));
  }

  @Test
  void reimportWithoutSecretKeepsTheStoredHashAndIssuesNothing() {
    String issued = apply(deviceDocument("gw-keep", "{}")).issuedSecrets().get("gw-keep");
    byte[] before = storedHash("gw-keep");

    ImportSummary again = apply(deviceDocument("gw-keep", "{}"));

    assertThat(again.issuedSecrets()).isEmpty();
    assertThat(storedHash("gw-keep")).isEqualTo(before);
    assertThat(SecretDigest.matches(issued, storedHash("gw-keep"))).isTrue();
  }

  @Test
  void rotateSecretIssuesANewOneAndRetiresTheOld() {
    String first = apply(deviceDocument("gw-rotate", "{}")).issuedSecrets().get("gw-rotate");

    ImportSummary rotated = apply(deviceDocument("gw-rotate", "{\"rotate_secret\": true}"));

    String second = rotated.issuedSecrets().get("gw-rotate");
    assertThat(second).isNotNull().isNotEqualTo(first);
    assertThat(SecretDigest.matches(second, storedHash("gw-rotate"))).isTrue();
    assertThat(SecretDigest.matches(first, storedHash("gw-rotate"))).isFalse();
  }

  @Test
  void givenSecretIsStoredOnlyAsItsSha256() {
    String secret = "given-secret-Zq81-xx-Hq4vX9tLw2";

    ImportSummary summary = apply(deviceDocument("gw-given", "{\"secret\": \"" + secret + "\"}"));

    assertThat(summary.issuedSecrets()).isEmpty();
    assertThat(storedHash("gw-given")).isEqualTo(SecretDigest.of(secret));
    assertThat(tablesHolding(secret)).isEmpty();
    assertThat(tablesHolding(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)))).isEmpty();
  }

  @Test
  void givenSecretReplacesAnIssuedOne() {
    apply(deviceDocument("gw-replace", "{}"));

    apply(deviceDocument("gw-replace", "{\"secret\": \"replaced-secret-Hq4vX9tLw2\"}"));

    assertThat(SecretDigest.matches("replaced-secret-Hq4vX9tLw2", storedHash("gw-replace"))).isTrue();
  }

  @Test
  void reimportReplacesTheBindingsOfTheDevice() {
    apply("""
        {"lots": [%s, %s, %s],
         "devices": [{"id": "gw-bind", "kind": "lot_gateway", "lots": ["L-bind-1", "L-bind-2"]},
                     {"id": "gw-bind-other", "kind": "lot_gateway", "lots": ["L-bind-1"]}]}"""
        .formatted(lot("L-bind-1", 10), lot("L-bind-2", 10), lot("L-bind-3", 10)));

    apply("""
        {"devices": [{"id": "gw-bind", "kind": "lot_gateway", "lots": ["L-bind-3"]}]}""");

    assertThat(db.rows("SELECT lot_id FROM device_lots WHERE device_id = 'gw-bind'"))
        .containsExactly(Map.of("lot_id", "L-bind-3"));
    assertThat(db.rows("SELECT lot_id FROM device_lots WHERE device_id = 'gw-bind-other'"))
        .as("a device left out of the document keeps its bindings")
        .containsExactly(Map.of("lot_id", "L-bind-1"));
  }

  @Test
  void referenceToARegisteredDistrictIsAccepted() {
    apply(lotDocument("L-registered-district", 10));

    assertThat(db.count("SELECT count(*) FROM lots WHERE id = 'L-registered-district' AND district_code = '410802'"))
        .isEqualTo(1);
  }

  @Test
  void unknownDistrictFailsNamingThePathAndWritesNothing() {
    String document = """
        {"districts": [{"code": "D-unknown-ref", "name": "ok"}],
         "lots": [%s, %s],
         "devices": [{"id": "gw-unknown-ref", "kind": "lot_gateway"}]}"""
        .formatted(lot("L-unknown-ref-1", 10), lot("L-unknown-ref-2", 10).replace("\"410802\"", "\"410899\""));

    assertThatThrownBy(() -> apply(document))
        .isInstanceOf(CatalogueException.class)
        .hasMessage("lots[1].district: unknown district '410899'");
    assertThat(db.count("SELECT count(*) FROM districts WHERE code = 'D-unknown-ref'")).isZero();
    assertThat(db.count("SELECT count(*) FROM lots WHERE id LIKE 'L-unknown-ref-%'")).isZero();
    assertThat(db.count("SELECT count(*) FROM devices WHERE id = 'gw-unknown-ref'")).isZero();
  }

  @Test
  void unknownLotOfADeviceFailsNamingThePathAndWritesNothing() {
    String document = """
        {"lots": [%s],
         "devices": [{"id": "gw-unknown-lot", "kind": "lot_gateway", "lots": ["L-unknown-lot-1", "L-nowhere"]}]}"""
        .formatted(lot("L-unknown-lot-1", 10));

    assertThatThrownBy(() -> apply(document))
        .isInstanceOf(CatalogueException.class)
        .hasMessage("devices[0].lots: unknown lot 'L-nowhere'");
    assertThat(db.count("SELECT count(*) FROM lots WHERE id = 'L-unknown-lot-1'")).isZero();
    assertThat(db.count("SELECT count(*) FROM devices WHERE id = 'gw-unknown-lot'")).isZero();
  }

  @Test
  void unknownUnitOfACoverFailsNamingThePath() {
    String document = """
        {"covers": [{"id": "C-unknown-unit", "unit": "U-nowhere", "district": "410802", "lat": 1, "lon": 1}]}""";

    assertThatThrownBy(() -> apply(document))
        .isInstanceOf(CatalogueException.class)
        .hasMessage("covers[0].unit: unknown unit 'U-nowhere'");
  }

  @Test
  void statementFailingAfterEarlierWritesRollsBackTheWholeImport() {
    // Built directly, past the parser: the database refuses the capacity after districts were written.
    Catalogue catalogue = new Catalogue(
        List.of(new Catalogue.District("D-rollback", "rolled back")),
        List.of(),
        List.of(new Catalogue.Lot("L-rollback", "x", "D-rollback", 1, 1, 100_001, "status", "x", List.of())),
        List.of(),
        List.of());

    assertThatThrownBy(() -> catalogueImport.apply(catalogue).await()).hasMessageContaining("lots_capacity_check");
    assertThat(db.count("SELECT count(*) FROM districts WHERE code = 'D-rollback'")).isZero();
  }

  @Test
  void importNotifiesTheChangeChannel() throws Exception {
    try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + CatalogueImport.CHANGE_CHANNEL);

      apply(lotDocument("L-notify", 5));

      PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertThat(notifications).isNotNull().isNotEmpty();
      assertThat(notifications[0].getName()).isEqualTo(CatalogueImport.CHANGE_CHANNEL);
    }
  }

  /** Every section and every statement of an import: a district, a unit with a webhook, lots with bays and static data, a cover, devices bound to both. */
  private static final String EVERY_STATEMENT = """
      {"districts": [{"code": "D-same", "name": "同区"}],
       "units": [{"id": "U-same", "name": "unit", "district": "D-same",
                  "webhook": {"url": "https://same.example.org/h", "secret": "s-0123456789abcdef"}}],
       "lots": [
         {"id": "L-same", "name": "人民公园", "district": "D-same", "lat": 35.24, "lon": 113.24, "capacity": 420,
          "counting": "status", "operator": "op", "fee": {"currency": "CNY", "per_hour": 2},
          "entrances": [{"id": "E1", "lat": 35.2401, "lon": 113.2398}], "spots": {"normal": 400}},
         {"id": "S-same", "name": "民主路", "district": "D-same", "lat": 35.2, "lon": 113.2, "capacity": 2,
          "counting": "bays", "bays": ["A-001", "A-002"]}],
       "covers": [{"id": "C-same", "unit": "U-same", "district": "D-same", "lat": 34.9, "lon": 113.1,
                   "tilt_limit_deg": 9.5}],
       "devices": [{"id": "gw-same", "kind": "lot_gateway", "lots": ["L-same", "S-same"], "enabled": true,
                    "secret": "same-secret-Hq4vX9tLw2"},
                   {"id": "cs-same", "kind": "cover_sensor", "covers": ["C-same"]}]}""";

  @Test
  void importOfWhatIsRegisteredChangesNoRowAndTellsNobody() throws Exception {
    apply(EVERY_STATEMENT);
    try (Connection listener = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + CatalogueImport.CHANGE_CHANNEL);
      // A new listener may still be handed notifications committed before it listened: drained.
      notify("before");
      nextNotifications(listener, "before");

      ImportSummary again = apply(EVERY_STATEMENT);
      notify("after");

      assertThat(again.changed()).isFalse();
      // Notifications arrive in commit order: the one sent after the import comes first only if
      // the import sent none.
      assertThat(nextNotifications(listener, "after")).as("what arrived after the import")
          .containsExactly("after");
    }
  }

  private static void notify(String payload) {
    db.execute("SELECT pg_notify('" + CatalogueImport.CHANGE_CHANNEL + "', '" + payload + "')");
  }

  /** The payloads received on {@code listener} up to and with {@code last}, waiting up to 10 s each. */
  private static List<String> nextNotifications(Connection listener, String last) throws Exception {
    List<String> payloads = new ArrayList<>();
    while (!payloads.contains(last)) {
      PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(10_000);
      assertThat(arrived).as("notifications up to '%s' (so far %s)", last, payloads).isNotNull().isNotEmpty();
      for (PGNotification notification : arrived) {
        payloads.add(notification.getParameter());
      }
    }
    return payloads;
  }

  @Test
  void importChangingAnyOneFieldChangesTheRegistry() {
    apply(EVERY_STATEMENT);
    Map<String, String> changes = Map.of(
        "district name", EVERY_STATEMENT.replace("同区", "新区"),
        "unit's webhook", EVERY_STATEMENT.replace("https://same.example.org/h", "https://other.example.org/h"),
        "lot's static data", EVERY_STATEMENT.replace("\"per_hour\": 2", "\"per_hour\": 3"),
        "a bay added", EVERY_STATEMENT.replace("\"A-002\"]", "\"A-002\", \"A-003\"]"),
        "cover's threshold", EVERY_STATEMENT.replace("9.5", "10.5"),
        "device disabled", EVERY_STATEMENT.replace("\"enabled\": true", "\"enabled\": false"),
        "device's secret", EVERY_STATEMENT.replace("same-secret-Hq4vX9tLw2", "next-secret-Pz7kM3rYc8"),
        "a lot unbound", EVERY_STATEMENT.replace("[\"L-same\", \"S-same\"]", "[\"L-same\"]"));
    changes.forEach((change, document) -> {
      assertThat(document).as(change).isNotEqualTo(EVERY_STATEMENT);
      assertThat(apply(document).changed()).as(change).isTrue();
      // Back to the first document, a change too (the unbound lot bound again), but for the
      // added bay: an import deletes nothing.
      assertThat(apply(EVERY_STATEMENT).changed()).as("back from: " + change).isEqualTo(!change.equals("a bay added"));
    });
  }

  @Test
  void concurrentImportsOfTheSameLotsInOppositeOrderBothSucceed() throws Exception {
    apply("{\"lots\": [" + lot("L-race-1", 1) + ", " + lot("L-race-2", 1) + "]}");
    try (RowLock blocker = RowLock.take(db, "SELECT * FROM lots WHERE id = 'L-race-1' FOR UPDATE")) {

      // the first waits for L-race-1; the second, unserialised, would take L-race-2 and wait for
      // L-race-1 behind it, and once the first got L-race-1 each would wait for the other
      Future<ImportSummary> first = catalogueImport.apply(CatalogueParser.parse(Buffer.buffer(
          "{\"lots\": [" + lot("L-race-1", 2) + ", " + lot("L-race-2", 2) + "]}")));
      blocker.awaitWaiters(1);
      Future<ImportSummary> second = catalogueImport.apply(CatalogueParser.parse(Buffer.buffer(
          "{\"lots\": [" + lot("L-race-2", 3) + ", " + lot("L-race-1", 3) + "]}")));
      blocker.awaitWaiters(2);
      blocker.release();

      first.await();
      second.await();
    }
    assertThat(db.rows("SELECT capacity FROM lots WHERE id LIKE 'L-race-%'"))
        .containsExactly(Map.of("capacity", 3), Map.of("capacity", 3));
  }

  private static ImportSummary apply(String json) {
    return catalogueImport.apply(CatalogueParser.parse(Buffer.buffer(json))).await();
  }

  private static String lot(String id, int capacity) {
    return """
        {"id": "%s", "name": "lot %s", "district": "410802", "lat": 35.24, "lon": 113.24,
         "capacity": %d, "counting": "status"}""".formatted(id, id, capacity);
  }

  private static String lotDocument(String id, int capacity) {
    return "{\"lots\": [" + lot(id, capacity) + "]}";
  }

  /** A one-device document; {@code extra} is a JSON object merged into the device entry. */
  private static String deviceDocument(String id, String extra) {
    JsonObject device = new JsonObject()
        .put("id", id).put("kind", "lot_gateway").mergeIn(new JsonObject(extra));
    return new JsonObject()
        .put("devices", new JsonArray().add(device)).encode();
  }

  private static byte[] storedHash(String deviceId) {
    return (byte[]) db.rows("SELECT secret_sha256 FROM devices WHERE id = ?", deviceId).get(0).get("secret_sha256");
  }

  /** The tables of the schema with a row whose text form contains {@code text}. */
  private static List<String> tablesHolding(String text) {
    List<String> tables = new ArrayList<>();
    for (Map<String, Object> row : db.rows(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
      String table = (String) row.get("table_name");
      if (db.count("SELECT count(*) FROM \"" + table + "\" t WHERE position(? IN t::text) > 0", text) > 0) {
        tables.add(table);
      }
    }
    return tables;
  }
}
