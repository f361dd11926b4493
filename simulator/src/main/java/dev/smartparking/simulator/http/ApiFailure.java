package dev.smartparking.simulator.http;

/** The platform API refused a request, answered something unreadable, or could not be reached. */
public final class ApiFailure extends Exception {

  private final int status;
  private final String code;

  public ApiFailure(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public ApiFailure(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.code = "unreachable";
  }

  /** HTTP status, or 0 when no answer arrived. */
  public int status() {
    return status;
  }

  /** The API's machine-readable error code, e.g. {@code unauthorized}. */
  public String code() {
    return code;
  }

  /** One line for an operator: status, code and the server's own words. */
  public String describe() {
    return status == 0 ? getMessage() : "HTTP %d %s: %s".formatted(status, code, getMessage());
  }
}
