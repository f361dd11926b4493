package dev.smartparking.api.audit;

import java.time.Duration;

/** How far back from its end one audit request may reach. */
final class AuditSpan {

  /**
   * The rejected store keeps 30 days (retention.rejected), so one request reaches all of it. Beyond
   * that nothing is asked for by the audits these serve (a sender reconciling a run or a day), and
   * a scan over months of events would hold its locks, and a pooled connection, for as long.
   */
  static final Duration MAX = Duration.ofDays(31);

  private AuditSpan() {}
}
