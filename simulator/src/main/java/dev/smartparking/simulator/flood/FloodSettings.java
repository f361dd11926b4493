package dev.smartparking.simulator.flood;

import java.time.Duration;

/**
 * A flood's shape: CONNECTs per second, for how long, how many sockets may wait for their CONNACK
 * at once, how long each may wait, the keep-alive the CONNECTs announce, and the random seed.
 */
record FloodSettings(double ratePerSecond, Duration duration, int inFlight, Duration timeout, int keepAliveSeconds,
    long seed) {

  FloodSettings {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("--rate must be positive, got " + ratePerSecond);
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be positive, got " + duration);
    }
    if (inFlight < 1) {
      throw new IllegalArgumentException("--in-flight must be at least 1, got " + inFlight);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
    }
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException("--keep-alive must be 0 to 65535 s, got " + keepAliveSeconds);
    }
  }
}
