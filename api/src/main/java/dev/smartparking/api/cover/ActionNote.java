package dev.smartparking.api.cover;

import io.vertx.core.json.JsonObject;

/**
 * The optional body of an ack or resolve, {@code {"note": "..."}}: no body, an empty object or a
 * null note mean no note. The contract ({@code AlarmNote} in openapi.yaml, checked by
 * {@code ContractBody} before this) refuses anything else naming what is wrong, so a client's typo
 * ({@code "notes"}) is not silently dropped.
 */
final class ActionNote {

  /** The largest request body read; a note of the contract's 1,000 characters in any script fits. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  private ActionNote() {}

  /** The note of a body the contract accepted, or null when there is none. */
  static String of(JsonObject body) {
    return body == null ? null : body.getString("note");
  }
}
