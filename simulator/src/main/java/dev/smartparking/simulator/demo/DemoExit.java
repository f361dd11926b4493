package dev.smartparking.simulator.demo;

/** The demo's exit codes; 1 and 2 stay picocli's (unexpected exception, bad usage). */
public enum DemoExit {
  SUCCESS(0),
  PROVISIONING_FAILED(3),
  NOT_CONNECTED(4),
  UNDELIVERED(5),
  AVAILABILITY_UNREADABLE(6),
  VERIFY_FAILED(7),
  VERIFY_UNREADABLE(8),
  ALARMS_UNREADABLE(9);

  private final int code;

  DemoExit(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
