package dev.smartparking.simulator.load;

import dev.smartparking.simulator.device.MqttVersion;
import java.time.Duration;
import java.util.List;

/**
 * How a load run (or one process's slice of it) connects and publishes.
 *
 * @param ports the server's ports; connections take them in turn (one port is the usual case,
 *     several let one run reach servers or listeners that each hold fewer connections)
 * @param ratePerSecond messages per second to aim at over all connections; 0 means as fast as the
 *     window and the acknowledgements allow
 * @param window messages in flight per connection (QoS 1/2); at QoS 0, messages per write batch
 * @param batch QoS 1/2: a connection tops its window up once this many are acknowledged, in one write
 * @param connectRatePerSecond new connections per second
 * @param connectTimeout for TCP connect and then again for the CONNACK
 * @param username shared login for every connection, or null: each device logs in as itself
 * @param mix what the connections publish
 */
public record LoadSettings(
    String host,
    List<Integer> ports,
    MqttVersion version,
    int qos,
    int window,
    int batch,
    double ratePerSecond,
    double connectRatePerSecond,
    Duration connectTimeout,
    Duration drainTimeout,
    int keepAliveSeconds,
    int threads,
    String username,
    String password,
    MessageMix mix) {

  public LoadSettings {
    ports = List.copyOf(ports);
    if (ports.isEmpty() || ports.stream().anyMatch(p -> p < 1 || p > 65_535)) {
      throw new IllegalArgumentException("ports must be 1..65535, at least one, got " + ports);
    }
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS must be 0, 1 or 2, got " + qos);
    }
    if (window < 1 || window > 65_535) {
      throw new IllegalArgumentException("window must be 1..65535, got " + window);
    }
    if (batch < 1 || batch > window) {
      throw new IllegalArgumentException("batch must be 1..window (" + window + "), got " + batch);
    }
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be >= 0, got " + ratePerSecond);
    }
    if (!(connectRatePerSecond > 0) || Double.isInfinite(connectRatePerSecond)) {
      throw new IllegalArgumentException("connect rate must be > 0, got " + connectRatePerSecond);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException("keep-alive must be 0..65535 s, got " + keepAliveSeconds);
    }
  }

  public boolean paced() {
    return ratePerSecond > 0;
  }

  public boolean sharedLogin() {
    return username != null;
  }

  /** The same settings for a process that runs {@code share} (0..1] of the connections. */
  public LoadSettings forShare(double share) {
    return new LoadSettings(
        host,
        ports,
        version,
        qos,
        window,
        batch,
        ratePerSecond * share,
        connectRatePerSecond * share,
        connectTimeout,
        drainTimeout,
        keepAliveSeconds,
        threads,
        username,
        password,
        mix);
  }
}
