package dev.smartparking.simulator.realistic;

import java.util.Map;

/**
 * A snapshot of {@link RunCounters}; latencies in microseconds from publish to PUBACK.
 *
 * @param interrupted attempts cut off by a planned outage or a lost connection (they are sent again)
 * @param linksLost connections the server (or a balancer) closed; each device reconnected
 * @param retransmitted attempts that repeat an earlier one's seq, ts and payload
 */
public record RunFigures(
    Map<TopicKind, Long> sent,
    Map<TopicKind, Long> acked,
    long rejected,
    long interrupted,
    long retransmitted,
    long outages,
    long linksLost,
    long connectFailures,
    long p50Micros,
    long p99Micros) {

  public RunFigures {
    sent = Map.copyOf(sent);
    acked = Map.copyOf(acked);
  }

  public long sentTotal() {
    return sent.values().stream().mapToLong(Long::longValue).sum();
  }

  public long ackedTotal() {
    return acked.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Attempts with no outcome yet. */
  public long pending() {
    return sentTotal() - ackedTotal() - rejected - interrupted;
  }

  /** Every attempt acknowledged with success, except those an outage or a lost connection cut off. */
  public boolean allAccepted() {
    return rejected == 0 && pending() == 0;
  }
}
