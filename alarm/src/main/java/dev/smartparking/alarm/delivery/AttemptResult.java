package dev.smartparking.alarm.delivery;

/**
 * How one webhook call ended, each mapped once to its metric tag
 * ({@code smartparking_alarm_deliveries_total{result}}). Every result but {@link #DELIVERED} is a
 * failed attempt: retried after a back-off until the give-up window closes.
 */
public enum AttemptResult {
  /** Any 2xx answer. */
  DELIVERED("delivered"),
  /** An answer that is not 2xx (3xx too: redirects are not followed, they could lead anywhere). */
  HTTP_ERROR("http_error"),
  /** No complete answer within alarms.delivery-timeout. */
  TIMEOUT("timeout"),
  /** The connection could not be made, or broke before the answer. */
  CONNECTION_ERROR("connection_error"),
  /** Not sent: the URL is not http(s), names no host that resolves, or its address is not allowed. */
  REFUSED_TARGET("refused_target");

  /** The tag of a delivery given up after its last failed attempt (counted besides that attempt's own). */
  public static final String GAVE_UP = "gave_up";

  private final String tag;

  AttemptResult(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }
}
