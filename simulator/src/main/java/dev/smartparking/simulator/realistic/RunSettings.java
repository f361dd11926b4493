package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.device.PublishPolicy;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Optional;

/**
 * How a realistic run plays: simulated start and span, the wall time it takes, and what happens in it.
 *
 * @param tick wall time between two simulation steps
 */
public record RunSettings(
    LocalDateTime start,
    Duration simSpan,
    Duration wallDuration,
    Duration tick,
    PublishPolicy policy,
    Optional<Rain> rain,
    CoverHazards hazards,
    Outages outages) {}
