package dev.smartparking.simulator.city;

/** How a lot's counts reach the server: a gateway's snapshots, or derived from bay sensors. */
public enum Counting {
  STATUS("status"),
  BAYS("bays");

  private final String wireName;

  Counting(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
