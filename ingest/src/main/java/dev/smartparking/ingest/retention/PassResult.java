package dev.smartparking.ingest.retention;

import java.util.Locale;

/** How a retention pass ended, as counted in {@code smartparking_retention_passes_total{result}}. */
enum PassResult {
  /** Every table is within its window and has its partitions ahead. */
  COMPLETE,
  /** Something was left for later: a table was busy past the lock timeout, or a statement failed. */
  INCOMPLETE,
  /** Another process was running a pass. */
  SKIPPED,
  /** The pass could not run at all (PostgreSQL unreachable). */
  FAILED;

  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
