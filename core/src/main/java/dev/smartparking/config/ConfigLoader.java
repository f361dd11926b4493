package dev.smartparking.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link ServerConfig}: defaults, overridden by a properties file, overridden by
 * {@code SMARTPARKING_*} environment variables, overridden by explicit values (tests, CLI).
 */
public final class ConfigLoader {

  private static final Duration MAX_SWEEP_INTERVAL = Duration.ofSeconds(30);
  /** Shortest bearer token accepted: 32 characters, about 190 bits when drawn as base64. */
  static final int MIN_TOKEN_LENGTH = 32;

  private final Map<String, String> values = new HashMap<>();

  private ConfigLoader() {
    ConfigKeys.ALL.forEach(k -> values.put(k.key(), k.defaultValue()));
  }

  /** Defaults only. */
  public static ConfigLoader defaults() {
    return new ConfigLoader();
  }

  /** The usual layering for a server process: defaults, then the file (if any), then the environment. */
  public static ServerConfig load(Path file, Map<String, String> environment) {
    ConfigLoader loader = defaults();
    if (file != null) {
      loader.file(file);
    }
    return loader.environment(environment).build();
  }

  public ConfigLoader file(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    }
    properties.stringPropertyNames().forEach(name -> set(name, properties.getProperty(name).trim(), file.toString()));
    return this;
  }

  public ConfigLoader environment(Map<String, String> environment) {
    for (ConfigKey key : ConfigKeys.ALL) {
      String value = environment.get(key.environmentVariable());
      if (value != null) {
        values.put(key.key(), value.trim());
      }
    }
    return this;
  }

  public ConfigLoader set(String key, String value) {
    return set(key, value, "override");
  }

  /** {@link #set(String, String)} for every entry, refusing an unknown key the same way. */
  public ConfigLoader setAll(Map<String, String> settings) {
    settings.forEach(this::set);
    return this;
  }

  private ConfigLoader set(String key, String value, String source) {
    if (!ConfigKeys.BY_KEY.containsKey(key)) {
      throw new ConfigException(source + ": unknown option '" + key + "' (README lists the options)");
    }
    values.put(key, value);
    return this;
  }

  public ServerConfig build() {
    return new ServerConfig(
        new ServerConfig.Database(
            text("db.host"), port("db.port"), text("db.name"), text("db.user"), values.get("db.password"),
            positive("db.pool-size")),
        new ServerConfig.Mqtt(
            bool("mqtt.enabled"), text("mqtt.host"), portOrOff("mqtt.port"), positive("mqtt.max-payload-bytes"),
            positive("mqtt.instances"), ranged("mqtt.receive-maximum", 1, 65535), portOrOff("mqtt.tls-port"),
            bool("mqtt.proxy-protocol"), sessionExpiryMax()),
        new ServerConfig.Http(
            bool("http.enabled"), text("http.host"), port("http.port"), token("http.reader-token"),
            token("http.operator-token"), token("http.admin-token"), positive("http.max-body-bytes"),
            duration("http.statement-timeout"), duration("http.idle-timeout"), bool("http.tls"),
            bool("http.proxy-protocol")),
        new ServerConfig.Ingest(
            positive("ingest.batch-max-messages"), positive("ingest.writer-connections"), writerFlushAfter(),
            duration("ingest.max-clock-ahead"), ranged("ingest.partition-days-ahead", 1, 60),
            values.get("ingest.plate-key"), positive("ingest.reject-budget-per-minute"),
            duration("ingest.reject-cooldown"), positive("ingest.failed-connects-per-minute")),
        new ServerConfig.Lots(duration("lots.offline-after")),
        alarms(),
        retention(),
        new ServerConfig.Management(text("management.host"), ranged("management.port", -1, 65535)),
        shutdown(),
        tls(),
        new ServerConfig.Replica(values.get("db.replica-host"), port("db.replica-port"), duration("db.replica-max-lag")));
  }

  /** A key without its certificate (or the reverse) is a mistake, as is HTTPS or no listener at all for want of one. */
  private ServerConfig.Tls tls() {
    ServerConfig.Tls tls = new ServerConfig.Tls(values.get("tls.cert-file"), values.get("tls.key-file"),
        values.get("tls.client-ca-file"), duration("tls.reload-interval"));
    if (tls.certFile().isEmpty() != tls.keyFile().isEmpty()) {
      throw new ConfigException("tls.cert-file and tls.key-file: set both or neither");
    }
    if (!tls.configured() && tls.mutual()) {
      throw new ConfigException("tls.client-ca-file: mutual TLS needs tls.cert-file and tls.key-file too");
    }
    if (!tls.configured() && bool("http.tls")) {
      throw new ConfigException("http.tls: HTTPS needs tls.cert-file and tls.key-file");
    }
    if (bool("mqtt.enabled") && portOrOff("mqtt.port") == ServerConfig.PORT_OFF
        && (portOrOff("mqtt.tls-port") == ServerConfig.PORT_OFF || !tls.configured())) {
      throw new ConfigException("mqtt.port is -1 (plain TCP off) and MQTT over TLS is off too "
          + "(mqtt.tls-port -1, or no tls.cert-file): no device could connect");
    }
    return tls;
  }

  /** MQTT 5 carries a session expiry in whole seconds, at most 2^32 − 2 (2^32 − 1 means never). */
  private Duration sessionExpiryMax() {
    Duration max = duration("mqtt.session-expiry-max");
    if (max.toSeconds() > 0xFFFF_FFFEL) {
      throw new ConfigException("mqtt.session-expiry-max: at most 4294967294 s (about 136 years), got " + max);
    }
    return max;
  }

  private ServerConfig.Alarms alarms() {
    Duration sweepInterval = duration("alarms.sweep-interval");
    // GB/T 41401-2022 expects a silent cover to be reported within 30 s of becoming due.
    if (sweepInterval.compareTo(MAX_SWEEP_INTERVAL) > 0) {
      throw new ConfigException("alarms.sweep-interval: must be at most " + MAX_SWEEP_INTERVAL + ", got " + sweepInterval);
    }
    Duration retryInitial = duration("alarms.delivery-retry-initial");
    Duration retryMax = duration("alarms.delivery-retry-max");
    if (retryMax.compareTo(retryInitial) < 0) {
      throw new ConfigException("alarms.delivery-retry-max: must not be below alarms.delivery-retry-initial ("
          + retryInitial + "), got " + retryMax);
    }
    return new ServerConfig.Alarms(bool("alarms.enabled"), sweepInterval, duration("alarms.delivery-timeout"),
        duration("alarms.delivery-give-up-after"), positive("alarms.delivery-max-per-second"),
        positive("alarms.delivery-max-in-flight-per-unit"), retryInitial, retryMax,
        bool("alarms.webhook-allow-loopback"), bool("alarms.webhook-allow-private"));
  }

  /**
   * Rules that tie retention to partitions. Event tables have no default partition
   * (docs/storage.md), so a row whose day has no partition cannot be stored: every time a device
   * may send must have its partition in place, and the minutes made from an event of any accepted
   * age must have theirs.
   */
  private ServerConfig.Retention retention() {
    ServerConfig.Retention retention = new ServerConfig.Retention(duration("retention.events"),
        duration("retention.rejected"), duration("retention.occupancy-minutes"), duration("retention.interval"));
    if (retention.occupancyMinutes().compareTo(retention.events()) < 0) {
      throw new ConfigException("retention.occupancy-minutes: " + retention.occupancyMinutes()
          + " is shorter than retention.events " + retention.events()
          + "; minutes are made from events of any age within that window");
    }
    Duration ahead = Duration.ofDays(ranged("ingest.partition-days-ahead", 1, 60));
    if (retention.interval().compareTo(ahead) >= 0) {
      throw new ConfigException("retention.interval: " + retention.interval()
          + " is not shorter than ingest.partition-days-ahead (" + ahead.toDays()
          + " days): the partitions made ahead would run out between two passes");
    }
    if (duration("ingest.max-clock-ahead").compareTo(ahead) >= 0) {
      throw new ConfigException("ingest.max-clock-ahead: " + values.get("ingest.max-clock-ahead")
          + " is not shorter than ingest.partition-days-ahead (" + ahead.toDays()
          + " days): a ts that far ahead would have no partition");
    }
    return retention;
  }

  private ServerConfig.Shutdown shutdown() {
    return new ServerConfig.Shutdown(duration("shutdown.grace"));
  }

  private String text(String key) {
    String value = values.get(key);
    if (value.isEmpty()) {
      throw new ConfigException(key + ": must not be empty");
    }
    return value;
  }

  /**
   * A bearer token, or empty to disable its role. A short one is refused: the tokens guard the
   * whole city's data and its catalogue, and nothing slows a guesser down but their length.
   */
  private String token(String key) {
    String value = values.get(key);
    if (!value.isEmpty() && value.length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException(key + ": " + value.length() + " characters; at least " + MIN_TOKEN_LENGTH
          + " are needed (make one with: head -c 24 /dev/urandom | base64)");
    }
    return value;
  }

  private int integer(String key) {
    try {
      return Integer.parseInt(values.get(key));
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": expected an integer, got '" + values.get(key) + "'");
    }
  }

  private int ranged(String key, int min, int max) {
    int value = integer(key);
    if (value < min || value > max) {
      throw new ConfigException(key + ": must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** PostgreSQL's backend_flush_after counts 8 KB pages, up to 256 of them. */
  private int writerFlushAfter() {
    String key = "ingest.writer-flush-after-bytes";
    int bytes = ranged(key, 0, 2 * 1024 * 1024);
    if (bytes % 8192 != 0) {
      throw new ConfigException(key + ": must be a multiple of 8192 (PostgreSQL's page), got " + bytes);
    }
    return bytes;
  }

  private int positive(String key) {
    return ranged(key, 1, Integer.MAX_VALUE);
  }

  private int port(String key) {
    return ranged(key, 0, 65535);
  }

  private int portOrOff(String key) {
    return ranged(key, ServerConfig.PORT_OFF, 65535);
  }

  private boolean bool(String key) {
    String value = values.get(key);
    if (!value.equals("true") && !value.equals("false")) {
      throw new ConfigException(key + ": expected true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  private Duration duration(String key) {
    try {
      Duration value = Duration.parse(values.get(key));
      if (value.isNegative() || value.isZero()) {
        throw new ConfigException(key + ": must be positive, got " + value);
      }
      return value;
    } catch (DateTimeParseException e) {
      throw new ConfigException(key + ": expected an ISO-8601 duration such as PT15M, got '" + values.get(key) + "'");
    }
  }
}
