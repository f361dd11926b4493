package dev.smartparking.ingest.retention;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.partition.Partition;
import dev.smartparking.partition.PartitionedTable;
import dev.smartparking.partition.Span;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a retention pass does, worked out from the partitions there are: those whose every row is
 * older than their table's window go (oldest first, a detach already under way before the others,
 * as PostgreSQL allows one per table), and every partition a new row may need is made.
 *
 * <p>A new row may need the partition of any day from the start of the events window (the oldest
 * ts the clock rule accepts; the per-minute occupancy is made from such events) to
 * {@code daysAhead} days after today, but none from before its own table's window: rejected
 * messages are partitioned by receive time and kept a shorter time.
 */
record PartitionPlan(List<Partition> expired, List<Missing> missing) {

  /** A partition to make: the one of {@code table} starting on {@code start}. */
  record Missing(PartitionedTable table, LocalDate start) {}

  static PartitionPlan of(List<Partition> existing, Instant now, ServerConfig.Retention retention, int daysAhead) {
    LocalDate today = day(now);
    List<Partition> expired = new ArrayList<>();
    List<Missing> missing = new ArrayList<>();
    for (PartitionedTable table : PartitionedTable.values()) {
      Duration window = table.keptFor(retention);
      Instant oldestKept = now.minus(window);
      List<Partition> own = existing.stream().filter(p -> p.table() == table).toList();
      own.stream()
          .filter(p -> !p.to().isAfter(oldestKept))
          .sorted(Comparator.comparing((Partition p) -> !p.detaching()).thenComparing(Partition::from))
          .forEach(expired::add);
      Span span = table.span();
      Instant oldestNew = now.minus(min(window, retention.events()));
      for (LocalDate start = span.start(day(oldestNew)); !start.isAfter(today.plusDays(daysAhead));
          start = span.next(start)) {
        Instant from = start.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (own.stream().noneMatch(p -> !p.detaching() && p.holds(from))) {
          missing.add(new Missing(table, start));
        }
      }
    }
    // Today's partitions first, then tomorrow's and so on, the past ones last: what ingest
    // needs soonest is there soonest.
    missing.sort(Comparator.comparing((Missing m) -> m.start().isBefore(m.table().span().start(today)))
        .thenComparing(m -> Math.abs(m.start().toEpochDay() - m.table().span().start(today).toEpochDay())));
    return new PartitionPlan(List.copyOf(expired), List.copyOf(missing));
  }

  private static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
