package dev.smartparking.partition;

import java.time.Instant;

/**
 * One partition as the catalogue shows it: the rows of {@code table} from {@code from} (inclusive)
 * to {@code to} (exclusive). {@code detaching}: a concurrent detach of it was started and not
 * finished (PostgreSQL's "detach pending"); queries no longer see it.
 */
public record Partition(PartitionedTable table, String name, Instant from, Instant to, boolean detaching) {

  public boolean holds(Instant instant) {
    return !from.isAfter(instant) && to.isAfter(instant);
  }
}
