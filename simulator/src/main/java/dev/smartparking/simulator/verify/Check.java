package dev.smartparking.simulator.verify;

/** The comparisons verify makes, in the order it reports them. */
public enum Check {
  /** Every lot's latest acknowledged state against what the API reports. */
  LOTS("lots"),
  /** Every acknowledged message counted once. */
  COUNTS("counts"),
  /** Every hostile message in the rejected store under the right reason, and nothing else there. */
  REJECTED("rejected"),
  /** Every answer the simulator got against the one its message called for. */
  ANSWERS("answers"),
  /** Every cover's alarms against the replay of its acknowledged readings; none without a cause. */
  ALARMS("alarms"),
  /** Every alarm event delivered to its unit's receiver, signed, in order, at least once. */
  DELIVERIES("deliveries");

  private final String label;

  Check(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
