package dev.smartparking.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void defaultsBuildAConfiguration() {
    ServerConfig config = ConfigLoader.defaults().build();

    assertThat(config.database().host()).isEqualTo("127.0.0.1");
    assertThat(config.database().port()).isEqualTo(5432);
    assertThat(config.database().poolSize()).isEqualTo(8);
    assertThat(config.mqtt().port()).isEqualTo(1883);
    assertThat(config.mqtt().receiveMaximum()).isEqualTo(100);
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().readerToken()).isEmpty();
    assertThat(config.ingest().maxClockAhead()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.lots().offlineAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.alarms().enabled()).isTrue();
    assertThat(config.alarms().sweepInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.alarms().giveUpAfter()).isEqualTo(Duration.ofHours(24));
    assertThat(config.alarms().allowLoopback()).isFalse();
    assertThat(config.alarms().allowPrivate()).isFalse();
  }

  @Test
  void sweepIntervalAboveThirtySecondsIsRefused() {
    ConfigLoader loader = ConfigLoader.defaults().set("alarms.sweep-interval", "PT31S");

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("alarms.sweep-interval:")
        .hasMessageContaining("at most PT30S");
  }

  @Test
  void sweepIntervalOfThirtySecondsIsAccepted() {
    ServerConfig config = ConfigLoader.defaults().set("alarms.sweep-interval", "PT30S").build();

    assertThat(config.alarms().sweepInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void retryCeilingBelowTheFirstRetryIsRefused() {
    ConfigLoader loader = ConfigLoader.defaults()
        .set("alarms.delivery-retry-initial", "PT10S")
        .set("alarms.delivery-retry-max", "PT5S");

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("alarms.delivery-retry-max:");
  }

  @Test
  void fileOverridesDefaults() throws IOException {
    Path file = properties("mqtt.port=1884\nlots.offline-after=PT5M\ndb.name = city\n");

    ServerConfig config = ConfigLoader.load(file, Map.of());

    assertThat(config.mqtt().port()).isEqualTo(1884);
    assertThat(config.lots().offlineAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.database().name()).isEqualTo("city");
    assertThat(config.http().port()).isEqualTo(8080);
  }

  @Test
  void environmentOverridesFile() throws IOException {
    Path file = properties("mqtt.port=1884\nlots.offline-after=PT5M\n");

    ServerConfig config = ConfigLoader.load(file, Map.of(
        "SMARTPARKING_MQTT_PORT", "1885",
        "SMARTPARKING_LOTS_OFFLINE_AFTER", "PT7M"));

    assertThat(config.mqtt().port()).isEqualTo(1885);
    assertThat(config.lots().offlineAfter()).isEqualTo(Duration.ofMinutes(7));
  }

  @Test
  void environmentVariablesWithoutThePrefixAreIgnored() {
    ServerConfig config = ConfigLoader.load(null, Map.of("MQTT_PORT", "1999", "mqtt.port", "1999"));

    assertThat(config.mqtt().port()).isEqualTo(1883);
  }

  @Test
  void explicitValueOverridesEnvironment() {
    ServerConfig config = ConfigLoader.defaults()
        .environment(Map.of("SMARTPARKING_HTTP_PORT", "9000"))
        .set("http.port", "9001")
        .build();

    assertThat(config.http().port()).isEqualTo(9001);
  }

  @Test
  void unknownKeyInFileIsRefusedNamingIt() throws IOException {
    Path file = properties("mqtt.port=1884\nmqtt.prot=1885\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'mqtt.prot'")
        .hasMessageContaining(file.toString());
  }

  @Test
  void unreadableFileIsAConfigException() {
    Path missing = dir.resolve("missing.properties");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"db.pool-size", "mqtt.max-payload-bytes", "ingest.batch-max-messages", "mqtt.port",
      "alarms.delivery-max-per-second", "alarms.delivery-max-in-flight-per-unit"})
  void badIntegerNamesTheKey(String key) {
    ConfigLoader loader = ConfigLoader.defaults().set(key, "twelve");

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ":")
        .hasMessageContaining("'twelve'");
  }

  @Test
  void badIntegerFromTheEnvironmentNamesTheKey() {
    ConfigLoader loader = ConfigLoader.defaults().environment(Map.of("SMARTPARKING_DB_POOL_SIZE", "8x"));

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("db.pool-size:");
  }

  @ParameterizedTest
  @CsvSource({"1000, multiple of 8192", "4194304, between 0 and 2097152", "-8192, between 0 and 2097152"})
  void writerFlushAfterOutsidePostgresRangeOrPagesIsRefused(String bytes, String why) {
    ConfigLoader loader = ConfigLoader.defaults().set("ingest.writer-flush-after-bytes", bytes);

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ingest.writer-flush-after-bytes:")
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @CsvSource({"lots.offline-after, 15 minutes", "lots.offline-after, 15", "ingest.max-clock-ahead, PT5"})
  void badDurationNamesTheKey(String key, String value) {
    ConfigLoader loader = ConfigLoader.defaults().set(key, value);

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ":")
        .hasMessageContaining("ISO-8601");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-5M"})
  void nonPositiveDurationNamesTheKey(String value) {
    ConfigLoader loader = ConfigLoader.defaults().set("lots.offline-after", value);

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("lots.offline-after:")
        .hasMessageContaining("positive");
  }

  @ParameterizedTest
  @CsvSource({"http.port, 65536, 0", "http.port, -1, 0", "mqtt.port, 70000, -1", "mqtt.port, -2, -1",
      "mqtt.tls-port, 65536, -1", "db.port, -5, 0"})
  void outOfRangePortNamesTheKey(String key, String value, String lowest) {
    ConfigLoader loader = ConfigLoader.defaults().set(key, value);

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ":")
        .hasMessageContaining("between " + lowest + " and 65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65535"})
  void portBoundsAreAccepted(String value) {
    ServerConfig config = ConfigLoader.defaults().set("http.port", value).build();

    assertThat(config.http().port()).isEqualTo(Integer.parseInt(value));
  }

  @Test
  void zeroPoolSizeNamesTheKey() {
    ConfigLoader loader = ConfigLoader.defaults().set("db.pool-size", "0");

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("db.pool-size:");
  }

  @Test
  void badBooleanNamesTheKey() {
    ConfigLoader loader = ConfigLoader.defaults().set("mqtt.enabled", "yes");

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("mqtt.enabled:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http.reader-token", "http.operator-token", "http.admin-token"})
  void refusesATokenShorterThan32Characters(String key) {
    ConfigLoader loader = ConfigLoader.defaults().set(key, "x".repeat(31));

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(key + ": 31 characters; at least 32");
  }

  @Test
  void takesA32CharacterTokenAndAnEmptyOneDisablesTheRole() {
    ServerConfig config = ConfigLoader.defaults()
        .set("http.admin-token", "a".repeat(32))
        .set("http.reader-token", "")
        .build();

    assertThat(config.http().adminToken()).hasSize(32);
    assertThat(config.http().readerToken()).isEmpty();
  }

  @Test
  void emptyRequiredTextNamesTheKey() {
    ConfigLoader loader = ConfigLoader.defaults().set("db.host", "");

    assertThatThrownBy(loader::build)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("db.host:");
  }

  @Test
  void unknownKeySetExplicitlyIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.defaults().set("http.prot", "1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'http.prot'");
  }

  @Test
  void setAllOverridesEveryGivenOption() {
    ServerConfig config = ConfigLoader.defaults()
        .setAll(Map.of("db.name", "city", "db.port", "5433", "http.port", "9001"))
        .build();

    assertThat(config.database().name()).isEqualTo("city");
    assertThat(config.database().port()).isEqualTo(5433);
    assertThat(config.http().port()).isEqualTo(9001);
    assertThat(config.database().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void unknownKeyInSetAllIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.defaults().setAll(Map.of("db.name", "city", "db.nmae", "x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'db.nmae'");
  }

  @Test
  void environmentVariableNameIsDerivedFromTheKey() {
    assertThat(ConfigKeys.BY_KEY.get("mqtt.max-payload-bytes").environmentVariable())
        .isEqualTo("SMARTPARKING_MQTT_MAX_PAYLOAD_BYTES");
  }

  @Test
  void retentionWindowsDefaultToWhatTheProtocolKeeps() {
    ServerConfig.Retention retention = ConfigLoader.defaults().build().retention();

    assertThat(retention).isEqualTo(new ServerConfig.Retention(Duration.ofDays(90), Duration.ofDays(30),
        Duration.ofDays(400), Duration.ofHours(1)));
  }

  @Test
  void occupancyKeptShorterThanEventsIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.defaults().set("retention.occupancy-minutes", "P60D").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("retention.occupancy-minutes: PT1440H is shorter than retention.events PT2160H");
  }

  @Test
  void passesFurtherApartThanThePartitionsMadeAheadAreRefused() {
    assertThatThrownBy(() -> ConfigLoader.defaults().set("retention.interval", "P3D").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("retention.interval: PT72H is not shorter than ingest.partition-days-ahead (3 days)");
  }

  @Test
  void clockAheadBeyondThePartitionsMadeAheadIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.defaults().set("ingest.max-clock-ahead", "P5D").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ingest.max-clock-ahead: P5D is not shorter than ingest.partition-days-ahead (3 days)");
  }

  private Path properties(String content) throws IOException {
    Path file = dir.resolve("smartparking.properties");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void tlsIsOffWithoutACertificateEvenOnItsDefaultPort() {
    ServerConfig config = ConfigLoader.defaults().build();

    assertThat(config.mqtt().tlsPort()).isEqualTo(8883);
    assertThat(config.mqttTls()).isFalse();
  }

  @Test
  void tlsRunsWithACertificateAndKey() {
    ServerConfig config = ConfigLoader.defaults()
        .set("tls.cert-file", "/etc/sp/server.pem").set("tls.key-file", "/etc/sp/server.key").build();

    assertThat(config.mqttTls()).isTrue();
    assertThat(config.tls().mutual()).isFalse();
  }

  @Test
  void environmentNamesOfTheIssueSetTls() {
    ServerConfig config = ConfigLoader.defaults().environment(Map.of(
        "SMARTPARKING_MQTT_TLS_PORT", "0", "SMARTPARKING_MQTT_PORT", "-1",
        "SMARTPARKING_TLS_CERT_FILE", "c.pem", "SMARTPARKING_TLS_KEY_FILE", "k.pem",
        "SMARTPARKING_TLS_CLIENT_CA_FILE", "ca.pem", "SMARTPARKING_HTTP_TLS", "true")).build();

    assertThat(config.mqtt().tlsPort()).isZero();
    assertThat(config.mqtt().port()).isEqualTo(ServerConfig.PORT_OFF);
    assertThat(config.tls()).isEqualTo(new ServerConfig.Tls("c.pem", "k.pem", "ca.pem", Duration.ofSeconds(10)));
    assertThat(config.http().tls()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "tls.key-file, k.pem, tls.cert-file and tls.key-file",
      "tls.cert-file, c.pem, tls.cert-file and tls.key-file",
      "tls.client-ca-file, ca.pem, tls.client-ca-file:",
      "http.tls, true, http.tls:"})
  void tlsSettingWithoutTheCertificateItNeedsIsRefused(String key, String value, String message) {
    ConfigLoader loader = ConfigLoader.defaults().set(key, value);

    assertThatThrownBy(loader::build).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
  }

  @Test
  void noMqttListenerAtAllIsRefused() {
    ConfigLoader loader = ConfigLoader.defaults().set("mqtt.port", "-1");

    assertThatThrownBy(loader::build).isInstanceOf(ConfigException.class).hasMessageStartingWith("mqtt.port is -1");
  }
}
