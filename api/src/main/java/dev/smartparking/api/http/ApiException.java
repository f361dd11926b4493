package dev.smartparking.api.http;

/** A request that fails with a known status, machine code and human message (API.md, Errors). */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static ApiException badParameter(String message) {
    return new ApiException(400, "bad_parameter", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  /** A state change the resource's current state does not allow. */
  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
