package dev.smartparking.simulator.load;

/** The load command's exit codes; the first failure in this order decides. */
public enum LoadExit {
  SUCCESS(0),
  USAGE(2),
  PROVISIONING_FAILED(3),
  PROCESS_FAILED(6),
  NOT_ALL_CONNECTED(4),
  UNACKNOWLEDGED(5);

  private final int code;

  LoadExit(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Judges a finished run: a failed process, then connections, then messages. */
  static LoadExit of(LoadReport report) {
    if (report.processFailures() > 0) {
      return PROCESS_FAILED;
    }
    LoadCounts end = report.end();
    if (end.connected() < report.connections() || end.connectionsLost() > 0) {
      return NOT_ALL_CONNECTED;
    }
    if (end.unacknowledged() > 0 || end.rejected() > 0 || end.protocolErrors() > 0) {
      return UNACKNOWLEDGED;
    }
    return SUCCESS;
  }
}
