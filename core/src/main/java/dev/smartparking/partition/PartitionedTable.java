package dev.smartparking.partition;

import dev.smartparking.config.ServerConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Every table the server partitions by time (docs/storage.md, Retention): how wide its partitions
 * are, what each partition is created with, and which retention window it is kept for.
 */
public enum PartitionedTable {
  LOT_STATUS_EVENTS("lot_status_events", Span.DAY, ""),
  LOT_PASSAGE_EVENTS("lot_passage_events", Span.DAY, ""),
  BAY_EVENTS("bay_events", Span.DAY, ""),
  COVER_TELEMETRY_EVENTS("cover_telemetry_events", Span.DAY, ""),
  REJECTED_MESSAGES("rejected_messages", Span.DAY, ""),
  // Rows are updated in place through their minute (ON CONFLICT DO UPDATE from the lot_state
  // triggers, V5): room on each page for HOT updates, as the unpartitioned table had. A
  // partitioned table holds no storage parameters of its own, so each partition gets it.
  LOT_OCCUPANCY_MINUTES("lot_occupancy_minutes", Span.MONTH, "WITH (fillfactor = 70)");

  private final String table;
  private final Span span;
  private final String storage;

  PartitionedTable(String table, Span span, String storage) {
    this.table = table;
    this.span = span;
    this.storage = storage;
  }

  public String table() {
    return table;
  }

  public Span span() {
    return span;
  }

  String storage() {
    return storage;
  }

  /** {@code lot_status_events_p20261204}, {@code lot_occupancy_minutes_p202612}. */
  public String partitionName(LocalDate start) {
    return table + "_p" + span.suffix(start);
  }

  /** The start of the partition {@link #partitionName} named so; empty for any other name. */
  public Optional<LocalDate> partitionStart(String name) {
    String prefix = table + "_p";
    return name.startsWith(prefix) ? span.start(name.substring(prefix.length())) : Optional.empty();
  }

  /** How long this table's rows are kept. */
  public Duration keptFor(ServerConfig.Retention retention) {
    return switch (this) {
      case LOT_STATUS_EVENTS, LOT_PASSAGE_EVENTS, BAY_EVENTS, COVER_TELEMETRY_EVENTS -> retention.events();
      case REJECTED_MESSAGES -> retention.rejected();
      case LOT_OCCUPANCY_MINUTES -> retention.occupancyMinutes();
    };
  }
}
