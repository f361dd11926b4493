package dev.smartparking.ingest.registry;

import java.util.Set;

/** A lot as ingest needs it: how it is counted, and its bays when counted by bays. */
public record RegisteredLot(String id, boolean countedByBays, Set<String> bays) {}
