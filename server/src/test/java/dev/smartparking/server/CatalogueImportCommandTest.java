package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.secret.SecretDigest;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import CATALOGUE --config FILE}, run in this process as the jar's main runs it. */
class CatalogueImportCommandTest {

  @TempDir
  Path dir;
  private TestDatabase db;
  private Path config;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeConfigForAFreshDatabase() throws IOException {
    db = TestPostgres.freshDatabase();
    Properties properties = new Properties();
    properties.putAll(db.serverSettings());
    config = dir.resolve("smartparking.properties");
    try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      properties.store(writer, null);
    }
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void importWritesTheCatalogueAndPrintsWhatItApplied() throws IOException {
    Path catalogue = file("city.json", ServerFixture.CITY);

    int exitCode = run("import", catalogue.toString(), "--config", config.toString());

    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(db.rows("SELECT id, district_code, capacity FROM lots ORDER BY id")).containsExactly(
        Map.of("id", "L-1", "district_code", "410802", "capacity", 420),
        Map.of("id", "L-2", "district_code", "410802", "capacity", 100));
    assertThat(db.rows("SELECT device_id, lot_id FROM device_lots ORDER BY device_id")).containsExactly(
        Map.of("device_id", "gw-1", "lot_id", "L-1"),
        Map.of("device_id", "gw-2", "lot_id", "L-2"));
    JsonObject summary = new JsonObject(out.toString());
    assertThat(summary.copy().put("issued_secrets", null)).isEqualTo(new JsonObject()
        .put("districts", 1).put("units", 0).put("lots", 2).put("bays", 0).put("covers", 0).put("devices", 2)
        .put("issued_secrets", null).put("changed", true));
    JsonObject issued = summary.getJsonObject("issued_secrets");
    assertThat(issued.fieldNames()).containsExactly("gw-2");
    assertThat(SecretDigest.matches(issued.getString("gw-2"), storedHash("gw-2"))).isTrue();
    assertThat(SecretDigest.matches(ServerFixture.GW1_SECRET, storedHash("gw-1"))).isTrue();
  }

  @Test
  void invalidCatalogueExitsWith2NamingTheEntryAndWritesNothing() throws IOException {
    Path catalogue = file("broken.json", """
        {"districts": [{"code": "410802", "name": "解放区"}],
         "lots": [{"id": "L-1", "name": "x", "district": "410899", "lat": 1, "lon": 1,
                   "capacity": 1, "counting": "status"}]}""");

    int exitCode = run("import", catalogue.toString(), "--config", config.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString().strip()).isEqualTo("error: lots[0].district: unknown district '410899'");
    assertThat(out.toString()).isEmpty();
    assertThat(db.count("SELECT count(*) FROM districts")).isZero();
    assertThat(db.count("SELECT count(*) FROM lots")).isZero();
  }

  @Test
  void unknownOptionInTheConfigFileExitsWith2NamingIt() throws IOException {
    Files.writeString(config, "db.nmae=" + db.name() + "\n", StandardCharsets.UTF_8);
    Path catalogue = file("empty.json", "{}");

    int exitCode = run("import", catalogue.toString(), "--config", config.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: ").contains("'db.nmae'");
    assertThat(out.toString()).isEmpty();
  }

  private int run(String... args) {
    return Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
  }

  private Path file(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  private byte[] storedHash(String deviceId) {
    return (byte[]) db.rows("SELECT secret_sha256 FROM devices WHERE id = ?", deviceId).get(0).get("secret_sha256");
  }
}
