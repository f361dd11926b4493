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
      new ConfigKey("db.replica-host", "", "a streaming standby the API reads history, reports and audit lists from "
          + "while it lags by at most db.replica-max-lag (else from the primary); empty: none"),
      new ConfigKey("db.replica-port", "5432", "the standby's port"),
      new ConfigKey("db.replica-max-lag", "PT5S", "how far behind the primary the standby may be for the API to read from it"),
      new ConfigKey("mqtt.enabled", "true", "run the MQTT listener (ingest) in this process"),
      new ConfigKey("mqtt.host", "0.0.0.0", "MQTT bind address"),
      new ConfigKey("mqtt.port", "1883", "MQTT port (plain TCP); 0 picks a free one, -1 turns plain TCP off"),
      new ConfigKey("mqtt.max-payload-bytes", "65536", "largest accepted PUBLISH payload; a larger packet closes the connection"),
      new ConfigKey("mqtt.instances", "2", "listener verticles sharing the port, one per event loop"),
      new ConfigKey("mqtt.receive-maximum", "100", "QoS 1/2 messages a device may have unacknowledged (sent to MQTT 5 clients in CONNACK)"),
      new ConfigKey("mqtt.session-expiry-max", "P1D", "longest a persistent session (3.1.1 clean session 0, 5.0 session expiry > 0) is kept after its connection ends; 3.1.1 sessions get this much, 5.0 ones the expiry they ask for up to this"),
      new ConfigKey("mqtt.tls-port", "8883", "MQTT over TLS port; 0 picks a free one, -1 turns it off; the listener "
          + "runs only when tls.cert-file and tls.key-file are set (else the log says it is off for lack of a certificate)"),
      new ConfigKey("mqtt.proxy-protocol", "false", "every MQTT connection (plain and TLS) must open with a PROXY "
          + "protocol header (v1 or v2, as HAProxy's send-proxy-v2 sends): the device's address is taken from it "
          + "for the failed-login budget and logs; a connection without one is closed. Only behind a balancer"),
      new ConfigKey("http.enabled", "true", "run the REST API in this process"),
      new ConfigKey("http.host", "0.0.0.0", "REST bind address"),
      new ConfigKey("http.port", "8080", "REST port; 0 picks a free one"),
      new ConfigKey("http.reader-token", "", "bearer token of the reader role (city platform queries), at least 32 characters; empty disables the role"),
      new ConfigKey("http.operator-token", "", "bearer token of the operator role (alarm lifecycle, and everything a reader may), at least 32 characters"),
      new ConfigKey("http.admin-token", "", "bearer token of the admin role (catalogue import, and everything an operator may), at least 32 characters"),
      new ConfigKey("http.max-body-bytes", "67108864", "largest accepted request body (a city catalogue)"),
      new ConfigKey("http.statement-timeout", "PT5S", "longest a query of the REST API may run (PostgreSQL "
          + "statement_timeout of its connections); a longer one is cancelled and answered 503 query_timeout"),
      new ConfigKey("http.idle-timeout", "PT60S", "an HTTP connection without traffic for this long is closed "
          + "(the alarm stream's heartbeat, every 15 s, keeps a stream open)"),
      new ConfigKey("http.proxy-protocol", "false", "every REST connection must open with a PROXY protocol "
          + "header (v1 or v2); the caller's address is taken from it (failed-token budget, logs). Only behind a balancer"),
      new ConfigKey("http.tls", "false", "serve the REST API over HTTPS with the certificate of tls.cert-file "
          + "(required then)"),
      new ConfigKey("ingest.batch-max-messages", "2000", "most messages written in one PostgreSQL round trip"),
      new ConfigKey("ingest.writer-connections", "1",
          "batches in flight at once per event loop, each on its own connection"),
      new ConfigKey("ingest.writer-flush-after-bytes", "262144", "the writer connections ask the kernel to start "
          + "writing back the data pages they evicted every this many bytes (PostgreSQL's backend_flush_after, a "
          + "multiple of 8192, at most 2097152), so that they do not reach the disk in bursts that stall commits; "
          + "0 leaves the server's setting"),
      new ConfigKey("ingest.max-clock-ahead", "PT5M", "a device ts further in the future than this is rejected as 'clock'"),
      new ConfigKey("ingest.partition-days-ahead", "3", "daily event partitions created ahead of today"),
      new ConfigKey("ingest.reject-budget-per-minute", "60", "rejected messages a device may send within any 60 s; "
          + "the next one is not stored, and the device is disconnected (MQTT 5: 0x97) and refused for "
          + "ingest.reject-cooldown; counted per ingest process"),
      new ConfigKey("ingest.reject-cooldown", "PT60S", "how long a device cut off for its reject budget is refused "
          + "(CONNACK 5.0: 0x97, 3.1.1: 0x03)"),
      new ConfigKey("ingest.plate-key", "", "base64 key (at least 32 bytes) of the HMAC that replaces licence plates; "
          + "required when the process ingests, the same on every ingest process, so entries and exits pair"),
      new ConfigKey("ingest.failed-connects-per-minute", "120", "refused logins (unknown device, wrong secret) a source "
          + "address may cause, refilled at this rate per minute; beyond it every CONNECT from that address is refused "
          + "unheard (CONNACK 5.0: 0x9F, 3.1.1: 0x03); counted per ingest process"),
      new ConfigKey("lots.offline-after", "PT15M", "a lot silent for longer than this is offline and leaves the availability totals"),
      new ConfigKey("alarms.enabled", "true",
          "run the alarm work in this process: webhook deliveries, the silent-cover sweep and the alarm gauges "
              + "(several processes share it safely)"),
      new ConfigKey("alarms.sweep-interval", "PT15S",
          "how often the silent sweep looks for covers with no reading for twice their report interval; at most PT30S"),
      new ConfigKey("alarms.delivery-timeout", "PT10S",
          "a webhook call not answered within this is a failed attempt ('timeout')"),
      new ConfigKey("alarms.delivery-give-up-after", "PT24H",
          "an event still undelivered this long after it occurred is given up (delivery status 'failed')"),
      new ConfigKey("alarms.delivery-max-per-second", "50",
          "webhook calls this process starts per second at most, over all units: a city-wide outage's "
              + "silent alarms become a steady stream"),
      new ConfigKey("alarms.delivery-max-in-flight-per-unit", "4",
          "webhook calls to one unit in flight at once (per process), so a slow receiver holds only its own"),
      new ConfigKey("alarms.delivery-retry-initial", "PT1S",
          "the first retry's back-off ceiling; it doubles with each failed attempt (full jitter below it)"),
      new ConfigKey("alarms.delivery-retry-max", "PT5M", "the back-off ceiling never exceeds this"),
      new ConfigKey("alarms.webhook-allow-loopback", "false",
          "deliver to webhooks on loopback addresses (tests, bin/demo); refused otherwise"),
      new ConfigKey("alarms.webhook-allow-private", "false",
          "deliver to webhooks on private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): "
              + "a city intranet; refused otherwise"),
      new ConfigKey("retention.events", "P90D", "device events (status, passages, bays, cover telemetry) are kept this long, "
          + "in daily partitions; a device ts older than this is rejected as 'clock'"),
      new ConfigKey("retention.rejected", "P30D", "rejected messages are kept this long (by receive time), in daily partitions"),
      new ConfigKey("retention.occupancy-minutes", "P400D", "per-minute occupancy is kept at least this long, in monthly "
          + "partitions; no shorter than retention.events, as minutes are made from events of any age it accepts"),
      new ConfigKey("retention.interval", "PT1H", "how often ingest creates partitions ahead and drops those past their "
          + "window (one process at a time); a pass that found a table busy tries again after a minute"),
      new ConfigKey("management.host", "0.0.0.0", "bind address of the management listener"),
      new ConfigKey("management.port", "-1", "a listener of its own for /health/* and /metrics, so the API's port "
          + "serves only /api and /openapi.yaml; 0 picks a free one; -1: none, the API's listener serves them"),
      new ConfigKey("shutdown.grace", "PT10S", "a stopping server (SIGTERM) stops reading devices, commits and "
          + "acknowledges what it read, sends MQTT 5 devices DISCONNECT 0x8B and closes within this; what was not "
          + "committed by then is never acknowledged"),
      new ConfigKey("tls.cert-file", "", "PEM certificate chain of the server (MQTT over TLS, HTTPS); empty: no TLS"),
      new ConfigKey("tls.key-file", "", "PEM private key (PKCS#8 or PKCS#1) of tls.cert-file"),
      new ConfigKey("tls.client-ca-file", "", "PEM CA certificate(s) of device certificates: a device presenting "
          + "one it signed, whose CN is its device id, connects without a password (mutual TLS); empty: passwords only"),
      new ConfigKey("tls.reload-interval", "PT10S", "how often the TLS files' modification times are checked; "
          + "changed files are loaded without restart (a bad one is logged and the old certificate kept)"));

  static final Map<String, ConfigKey> BY_KEY =
      ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::key, Function.identity()));

  private ConfigKeys() {}
}
