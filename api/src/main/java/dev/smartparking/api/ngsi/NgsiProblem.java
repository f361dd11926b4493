package dev.smartparking.api.ngsi;

/**
 * A request on the NGSI-LD path that fails with one of ETSI GS CIM 009's error types, answered as
 * {@code application/problem+json} by {@link NgsiErrors}.
 */
final class NgsiProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;
  static final String TYPES = "https://uri.etsi.org/ngsi-ld/errors/";

  private final int status;
  private final String type;

  NgsiProblem(int status, String type, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
  }

  /** A query or id the server cannot read; the detail names the part. */
  static NgsiProblem badRequest(String detail) {
    return new NgsiProblem(400, "BadRequestData", detail);
  }

  static NgsiProblem notFound(String detail) {
    return new NgsiProblem(404, "ResourceNotFound", detail);
  }

  /** A part of NGSI-LD this read-only view does not implement. */
  static NgsiProblem notSupported(String detail) {
    return new NgsiProblem(501, "OperationNotSupported", detail);
  }

  int status() {
    return status;
  }

  /** The full error type URI. */
  String type() {
    return TYPES + type;
  }

  /** The type's short name, the problem's title. */
  String title() {
    return type;
  }
}
