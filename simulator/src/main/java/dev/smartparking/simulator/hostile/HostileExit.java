package dev.smartparking.simulator.hostile;

/** Hostile mode's exit codes; 1 and 2 stay picocli's (unexpected exception, bad usage). */
enum HostileExit {
  SUCCESS(0),
  PROVISIONING_FAILED(3),
  NOT_CONNECTED(4),
  /** Without --verify: some message was not answered the way its kind calls for. */
  WRONG_ANSWERS(5),
  VERIFY_FAILED(6),
  VERIFY_UNREADABLE(7);

  private final int code;

  HostileExit(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }
}
