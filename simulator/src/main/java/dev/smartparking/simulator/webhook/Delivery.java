package dev.smartparking.simulator.webhook;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One POST a unit's receiver took.
 *
 * @param unitId the unit whose path it came to, or null for a path of no unit
 * @param eventIdHeader the X-SmartParking-Event-Id header
 * @param signatureFault what is wrong with its signature, or null when it is valid
 * @param body the raw body
 * @param receivedAtMillis the receiver's wall clock
 * @param status what the receiver answered: 2xx took it, anything else asked for it again
 */
public record Delivery(
    String unitId, String eventIdHeader, String signatureFault, String body, long receivedAtMillis, int status) {

  /** Answered 2xx: the server counts the event delivered. */
  public boolean taken() {
    return status >= 200 && status < 300;
  }

  /** The body as JSON, or null when it is none. */
  public JsonObject json() {
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
