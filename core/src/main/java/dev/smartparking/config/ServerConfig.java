package dev.smartparking.config;

import java.time.Duration;

/** The whole server configuration, typed; built by {@link ConfigLoader} from defaults, a file and the environment. */
public record ServerConfig(Database database, Mqtt mqtt, Http http, Ingest ingest, Lots lots, Alarms alarms,
    Retention retention, Management management, Shutdown shutdown, Tls tls, Replica replica) {

  /** A listener port set to this is off. */
  public static final int PORT_OFF = -1;

  /** MQTT over TLS runs when its port is not off and there is a certificate to serve. */
  public boolean mqttTls() {
    return mqtt.tlsPort() != PORT_OFF && tls.configured();
  }

  /** Where PostgreSQL is and how many connections each pool may hold. */
  public record Database(String host, int port, String name, String user, String password, int poolSize) {

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }
  }

  /**
   * The device-facing MQTT listeners, plain TCP on {@code port} and TLS on {@code tlsPort}. Port 0
   * binds an ephemeral port, {@link #PORT_OFF} none. With {@code proxyProtocol} every connection
   * comes through a balancer that names the device's address in a PROXY protocol header. A
   * persistent session is kept at most {@code sessionExpiryMax} after its connection ends (MQTT
   * 3.1.1 clean session 0 gets that much).
   */
  public record Mqtt(boolean enabled, String host, int port, int maxPayloadBytes, int instances,
      int receiveMaximum, int tlsPort, boolean proxyProtocol, Duration sessionExpiryMax) {}

  /**
   * The city-platform REST listener and its bearer tokens per role; an empty token disables
   * that role, so a fresh install refuses everything until tokens are configured. No query of it
   * runs longer than {@code statementTimeout}; a connection idle for {@code idleTimeout} is closed.
   */
  public record Http(boolean enabled, String host, int port, String readerToken, String operatorToken,
      String adminToken, int maxBodyBytes, Duration statementTimeout, Duration idleTimeout,
      boolean tls, boolean proxyProtocol) {}

  /**
   * The write path: how messages are grouped into PostgreSQL round trips, and how many rejected
   * messages a device may send before it is cut off for a cool-down.
   */
  public record Ingest(int batchMaxMessages, int writerConnections, int writerFlushAfterBytes, Duration maxClockAhead,
      int partitionDaysAhead, String plateKey, int rejectBudgetPerMinute, Duration rejectCooldown,
      int failedConnectsPerMinute) {}

  /** How lot state is read: a lot silent for longer than this is offline. */
  public record Lots(Duration offlineAfter) {}

  /**
   * Alarm work (the alarm module): the silent sweep's period, and how events are delivered to the
   * units' webhooks (docs/alarms.md).
   */
  public record Alarms(boolean enabled, Duration sweepInterval, Duration deliveryTimeout, Duration giveUpAfter,
      int maxPerSecond, int maxInFlightPerUnit, Duration retryInitial, Duration retryMax, boolean allowLoopback,
      boolean allowPrivate) {

    /**
     * How long a claimed delivery stays with the dispatcher that claimed it: a whole call (it ends
     * within the delivery timeout) and the recording of its result. No one else sends it meanwhile.
     */
    public Duration deliveryLease() {
      return deliveryTimeout.multipliedBy(2);
    }
  }

  /**
   * How long each kind of stored data is kept (docs/storage.md, Retention), and how often ingest
   * creates and drops partitions.
   */
  public record Retention(Duration events, Duration rejected, Duration occupancyMinutes, Duration interval) {}

  /**
   * The optional listener of {@code /health/*} and {@code /metrics} apart from the API, so the
   * public port serves only the API. Port -1: none, and the API's listener serves them.
   */
  public record Management(String host, int port) {

    public boolean separate() {
      return port >= 0;
    }
  }

  /**
   * How long a stopping server (SIGTERM) may take: it drains its devices' messages, acknowledges
   * what it committed and disconnects them within {@code grace} (docs/protocol.md, Shutdown).
   */
  public record Shutdown(Duration grace) {}

  /**
   * A streaming standby of the database the API may read from where seconds of lag do no harm
   * (history, reports, audit lists), while it is no further behind than {@code maxLag}; the
   * database's name, user and password are the primary's. Empty host: no standby, every read
   * goes to the primary.
   */
  public record Replica(String host, int port, Duration maxLag) {

    public boolean configured() {
      return !host.isEmpty();
    }

    /** The primary's settings, at the standby's address. */
    public Database at(Database primary) {
      return new Database(host, port, primary.name(), primary.user(), primary.password(), primary.poolSize());
    }
  }

  /**
   * The server's TLS certificate and key, and the CA of device certificates for mutual TLS (empty:
   * none), as PEM files; their modification times are checked every {@code reloadInterval}.
   */
  public record Tls(String certFile, String keyFile, String clientCaFile, Duration reloadInterval) {

    public boolean configured() {
      return !certFile.isEmpty();
    }

    public boolean mutual() {
      return !clientCaFile.isEmpty();
    }
  }
}
