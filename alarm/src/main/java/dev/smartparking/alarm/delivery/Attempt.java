package dev.smartparking.alarm.delivery;

/**
 * One webhook call's outcome: its {@link AttemptResult} and the text stored as the delivery's
 * {@code last_result}, which tells an admin what happened ("http 503", "timeout after 10000 ms",
 * "refused_target: 127.0.0.1 is a loopback address ...").
 */
record Attempt(AttemptResult result, String lastResult) {

  static Attempt delivered(int status) {
    return new Attempt(AttemptResult.DELIVERED, "http " + status);
  }

  static Attempt httpError(int status) {
    return new Attempt(AttemptResult.HTTP_ERROR, "http " + status);
  }

  static Attempt timeout(long afterMs) {
    return new Attempt(AttemptResult.TIMEOUT, "timeout after " + afterMs + " ms");
  }

  static Attempt connectionError(Throwable cause) {
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new Attempt(AttemptResult.CONNECTION_ERROR, "connection_error: " + message);
  }

  static Attempt refused(String why) {
    return new Attempt(AttemptResult.REFUSED_TARGET, "refused_target: " + why);
  }

  boolean delivered() {
    return result == AttemptResult.DELIVERED;
  }
}
