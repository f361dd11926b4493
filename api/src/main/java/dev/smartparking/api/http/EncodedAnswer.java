package dev.smartparking.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A JSON answer encoded once, with its strong entity tag: 96 bits of the body's SHA-256, so two
 * processes (or one after a restart) tag the same body alike and a changed body differently.
 * The buffer is shared by every response that sends it: Vert.x writes a slice of it, never the
 * buffer itself.
 */
public record EncodedAnswer(Buffer body, String etag) {

  private static final int TAG_BYTES = 12;

  public static EncodedAnswer of(JsonObject json) {
    return of(json.toBuffer());
  }

  /** An answer already encoded as JSON. */
  public static EncodedAnswer of(Buffer json) {
    return new EncodedAnswer(json, tagOf(json.getBytes()));
  }

  private static String tagOf(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TAG_BYTES))
          + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Whether an {@code If-None-Match} header names this answer: {@code *}, or this tag in its
   * list, weak or strong (RFC 9110 compares weakly for this header).
   */
  public boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return false;
    }
    if (ifNoneMatch.equals(etag)) {
      return true;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.startsWith("W/") && tag.substring(2).equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
