package dev.smartparking.simulator.realistic;

/** The four device topics, for counting messages by what they carry. */
public enum TopicKind {
  STATUS("status"),
  PASSAGES("passages"),
  BAYS("bays"),
  TELEMETRY("telemetry");

  private final String wireName;

  TopicKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
