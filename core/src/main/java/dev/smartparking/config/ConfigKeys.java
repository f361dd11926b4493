package dev.smartparking.config;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every option the server reads, with its default; README's configuration table is this list. */
public final class ConfigKeys {

  public static final List<ConfigKey> ALL = List.of(
      new ConfigKey("db.host", "127.0.0.1", "PostgreSQL host"),
      new ConfigKey("db.port", "5432", "PostgreSQL port"),
      new ConfigKey("db.name", "smartparking", "database name"),
      new ConfigKey("db.user", "postgres", "database user"),
      new ConfigKey("db.password", "", "database password (empty for trust or peer authentication)"),
      new ConfigKey("db.pool-size", "8", "connections per pool (the writer, the API and the registry each have one)"),
      new ConfigKey("mqtt.enabled", "true", "run the MQTT listener (ingest) in this process"),
      new ConfigKey("mqtt.host", "0.0.0.0", "MQTT bind address"),
      new ConfigKey("mqtt.port", "1883", "MQTT port; 0 picks a free one"),
      new ConfigKey("mqtt.max-payload-bytes", "65536", "largest accepted PUBLISH payload; a larger packet closes the connection"),
      new ConfigKey("mqtt.instances", "2", "listener verticles sharing the port, one per event loop"),
      new ConfigKey("mqtt.receive-maximum", "100", "QoS 1/2 messages a device may have unacknowledged (sent to MQTT 5 clients in CONNACK)"),
      new ConfigKey("http.enabled", "true", "run the REST API in this process"),
      new ConfigKey("http.host", "0.0.0.0", "REST bind address"),
      new ConfigKey("http.port", "8080", "REST port; 0 picks a free one"),
      new ConfigKey("http.reader-token", "", "bearer token of the reader role (city platform queries); empty disables the role"),
      new ConfigKey("http.operator-token", "", "bearer token of the operator role (alarm lifecycle, and everything a reader may)"),
      new ConfigKey("http.admin-token", "", "bearer token of the admin role (catalogue import, and everything an operator may)"),
      new ConfigKey("http.max-body-bytes", "67108864", "largest accepted request body (a city catalogue)"),
      new ConfigKey("ingest.batch-max-messages", "2000", "most messages written in one PostgreSQL round trip"),
      new ConfigKey("ingest.writer-connections", "1",
          "batches in flight at once per event loop, each on its own connection"),
      new ConfigKey("ingest.max-clock-ahead", "PT5M", "a device ts further in the future than this is rejected as 'clock'"),
      new ConfigKey("ingest.partition-days-ahead", "3", "daily event partitions created ahead of today"),
      new ConfigKey("ingest.plate-key", "", "base64 key (at least 32 bytes) of the HMAC that replaces licence plates; "
          + "empty: a random key per process, so entries and exits pair only within one run"),
      new ConfigKey("lots.offline-after", "PT15M", "a lot silent for longer than this is offline and leaves the availability totals"),
      new ConfigKey("retention.events", "P90D", "device events (status, passages, bays, cover telemetry) are kept this long, "
          + "in daily partitions; a device ts older than this is rejected as 'clock'"),
      new ConfigKey("retention.rejected", "P30D", "rejected messages are kept this long (by receive time), in daily partitions"),
      new ConfigKey("retention.occupancy-minutes", "P400D", "per-minute occupancy is kept at least this long, in monthly "
          + "partitions; no shorter than retention.events, as minutes are made from events of any age it accepts"),
      new ConfigKey("retention.interval", "PT1H", "how often ingest creates partitions ahead and drops those past their "
          + "window (one process at a time); a pass that found a table busy tries again after a minute"));

  static final Map<String, ConfigKey> BY_KEY =
      ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::key, Function.identity()));

  private ConfigKeys() {}
}
