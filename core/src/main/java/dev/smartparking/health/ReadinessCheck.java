package dev.smartparking.health;

import java.util.Optional;

/**
 * One part of the process that can make it not ready, reported by {@code /health/ready} under
 * its name. It lets the API report on ingest running beside it without depending on it.
 * Called from the API's event loops: implementations must be thread-safe and must not block.
 */
public interface ReadinessCheck {

  /** The key under {@code checks}, e.g. {@code ingest}. */
  String name();

  /** Why this part is not ready now, or empty when it is. */
  Optional<String> problem();
}
