package dev.smartparking.ingest;

import dev.smartparking.health.ReadinessCheck;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ingest is not ready while any event loop's writer is retrying unreachable storage or is behind
 * it: devices are then not being read; nor from the moment it begins to drain for a shutdown, so
 * that a balancer sends no more devices to it. Read from the meters' counters, which every event loop
 * updates, so it is safe to ask from the API's event loops.
 */
final class IngestReadiness implements ReadinessCheck {

  private final IngestMetrics metrics;
  private final BooleanSupplier stopping;

  IngestReadiness(IngestMetrics metrics, BooleanSupplier stopping) {
    this.metrics = metrics;
    this.stopping = stopping;
  }

  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public Optional<String> problem() {
    String held = metrics.messagesInFlight() + " messages held, " + metrics.pausedConnections()
        + " connections paused";
    if (stopping.getAsBoolean()) {
      return Optional.of("shutting down; " + held);
    }
    if (metrics.loopsRetrying() > 0) {
      return Optional.of("storage unavailable, retrying; " + held);
    }
    if (metrics.loopsBehind() > 0) {
      return Optional.of("storage behind; " + held);
    }
    return Optional.empty();
  }
}
