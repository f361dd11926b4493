package dev.smartparking.ingest.retention;

import dev.smartparking.partition.Partition;
import dev.smartparking.partition.PartitionedTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Retention's meters; the {@code table} tag takes the six partitioned tables' names, nothing else. */
final class RetentionMetrics {

  private final Clock clock;
  private final Map<PartitionedTable, Counter> dropped = new EnumMap<>(PartitionedTable.class);
  private final Map<PassResult, Counter> passes = new EnumMap<>(PassResult.class);
  private final Map<PartitionedTable, Instant> oldest = new ConcurrentHashMap<>();
  private volatile Instant lastComplete;

  RetentionMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    // Until this process completes a pass, its start: an alert on a day without a complete pass
    // (prometheus/rules) then waits a day from the start instead of firing at once.
    this.lastComplete = clock.instant();
    for (PartitionedTable table : PartitionedTable.values()) {
      dropped.put(table, Counter.builder("smartparking.retention.partitions.dropped")
          .description("Partitions dropped because every row in them was older than the table's retention window")
          .tag("table", table.table())
          .register(registry));
      Gauge.builder("smartparking.retention.oldest.partition.age", () -> age(table))
          .description("Age of the start of the table's oldest partition, as of the last retention pass here; "
              + "NaN before one ran")
          .tag("table", table.table())
          .baseUnit("seconds")
          .register(registry);
    }
    for (PassResult result : PassResult.values()) {
      passes.put(result, Counter.builder("smartparking.retention.passes")
          .description("Retention passes (create partitions ahead, drop those past their window) by how they ended")
          .tag("result", result.tag())
          .register(registry));
    }
    Gauge.builder("smartparking.retention.last.complete.timestamp", () -> lastComplete.toEpochMilli() / 1000.0)
        .description("When this process last completed a retention pass that left every table within its window "
            + "(the process start until then)")
        .baseUnit("seconds")
        .register(registry);
  }

  void dropped(PartitionedTable table) {
    dropped.get(table).increment();
  }

  void passed(PassResult result) {
    passes.get(result).increment();
    if (result == PassResult.COMPLETE) {
      lastComplete = clock.instant();
    }
  }

  /** The partitions as a pass left them (detached ones no longer count). */
  void partitions(List<Partition> partitions) {
    for (PartitionedTable table : PartitionedTable.values()) {
      partitions.stream()
          .filter(p -> p.table() == table && !p.detaching())
          .map(Partition::from)
          .min(Instant::compareTo)
          .ifPresentOrElse(from -> oldest.put(table, from), () -> oldest.remove(table));
    }
  }

  private double age(PartitionedTable table) {
    Instant from = oldest.get(table);
    return from == null ? Double.NaN : (clock.millis() - from.toEpochMilli()) / 1000.0;
  }
}
