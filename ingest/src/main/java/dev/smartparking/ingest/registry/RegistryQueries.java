package dev.smartparking.ingest.registry;

import io.micrometer.core.instrument.Counter;

/** Counts the queries one registry cache sends: whole reloads, and reads of a single entry. */
public record RegistryQueries(Counter reloads, Counter lookups) {}
