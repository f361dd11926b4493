package dev.smartparking.simulator.ledger;

/**
 * What the simulator knows a lot to be right after one of its messages (at that message's ts): the
 * state the server must report once it has every message up to that ts.
 */
public record LotTruth(String lotId, int total, int free, boolean closed) {

  public LotTruth {
    if (free < 0 || free > total) {
      throw new IllegalArgumentException("need 0 <= free <= total, got free=" + free + " total=" + total);
    }
  }
}
