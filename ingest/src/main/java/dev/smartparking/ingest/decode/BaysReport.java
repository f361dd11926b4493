package dev.smartparking.ingest.decode;

import java.util.List;

/** An accepted {@code bays} message: state changes of some bays of one lot. */
public record BaysReport(String deviceId, long seq, long tsMillis, String lotId, List<Change> changes,
    long receivedAtMillis) implements Accepted {

  /** One bay's new state, observed at the item's own ts or else the message's. */
  public record Change(String bayId, boolean occupied, long observedAtMillis) {}
}
