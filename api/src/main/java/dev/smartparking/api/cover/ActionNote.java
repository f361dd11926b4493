package dev.smartparking.api.cover;

import dev.smartparking.api.http.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The optional body of an ack or resolve, {@code {"note": "..."}}: no body, an empty object or a
 * null note mean no note. Anything else is refused naming what is wrong, so a client's typo
 * ({@code "notes"}) is not silently dropped.
 */
final class ActionNote {

  /** The largest request body read; a note of {@link #MAX_CHARACTERS} in any script fits. */
  static final int MAX_BODY_BYTES = 16 * 1024;
  static final int MAX_CHARACTERS = 1000;

  private ActionNote() {}

  /** The note, or null when there is none. */
  static String of(Buffer body) {
    if (body == null || body.toString().isBlank()) {
      return null;
    }
    JsonObject object;
    try {
      Object parsed = body.toJsonValue();
      if (!(parsed instanceof JsonObject json)) {
        throw ApiException.badParameter("body: must be a JSON object, {\"note\": \"...\"}");
      }
      object = json;
    } catch (DecodeException e) {
      throw ApiException.badParameter("body: not JSON; send {\"note\": \"...\"} or no body");
    }
    for (String field : object.fieldNames()) {
      if (!field.equals("note")) {
        throw ApiException.badParameter(field + ": unknown field; the body takes only note");
      }
    }
    Object note = object.getValue("note");
    if (note == null) {
      return null;
    }
    if (!(note instanceof String text)) {
      throw ApiException.badParameter("note: must be a string");
    }
    if (text.codePointCount(0, text.length()) > MAX_CHARACTERS) {
      throw ApiException.badParameter("note: longer than " + MAX_CHARACTERS + " characters");
    }
    return text;
  }
}
