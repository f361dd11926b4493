package dev.smartparking.api.contract;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.BoundedBody;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.RequestBody;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An operation's request body as the contract states it ({@code requestBody} in
 * {@code openapi.yaml}): the body a resource read, bounded, after the token check is parsed here
 * once and validated with the contract's schema (vertx-json-schema, the validator made once per
 * operation) before the resource sees it. A violation is a 400 naming the field (its JSON pointer)
 * and the rule broken. {@link ContractCheck} hands each guarded request its operation's check.
 */
public final class ContractBody {

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  /** Where {@link ContractCheck} leaves the check in the routing context. */
  static final String KEY = ContractBody.class.getName();

  private final boolean required;
  private final Validator validator;

  private ContractBody(boolean required, Validator validator) {
    this.required = required;
    this.validator = validator;
  }

  /** The check of an operation's JSON body, or null when the operation takes none. */
  static ContractBody of(Operation operation, ApiContract contract) {
    RequestBody body = operation.getRequestBody();
    MediaType json = body == null ? null : body.getContent().get("application/json");
    return json == null ? null
        : new ContractBody(body.isRequired(), contract.validated().getSchemaRepository().validator(json.getSchema()));
  }

  /**
   * The request's body, read with its size bound ({@link BoundedBody}: a 413 with {@code tooLarge}
   * beyond {@code maxBytes}), parsed and checked against the contract (a 400 {@code code}): the
   * JSON object the contract states, or null when the body is empty and the contract does not
   * require one. Parsed on the event loop, for a body of kilobytes.
   */
  public static Future<JsonObject> readObject(RoutingContext ctx, long maxBytes, String tooLarge, String code) {
    return BoundedBody.read(ctx, maxBytes, tooLarge).map(body -> object(ctx, body, code));
  }

  /**
   * As {@link #readObject}, for a body of megabytes (a city's catalogue): parsed, checked and made
   * into what {@code into} makes of it on a worker, not an event loop.
   */
  public static <T> Future<T> readLargeObject(RoutingContext ctx, long maxBytes, String tooLarge, String code,
      Function<JsonObject, T> into) {
    return BoundedBody.read(ctx, maxBytes, tooLarge)
        .compose(body -> ctx.vertx().executeBlocking(() -> into.apply(object(ctx, body, code)), false));
  }

  /** The body as the object the contract states (a body it accepts is one; an absent one null). */
  private static JsonObject object(RoutingContext ctx, Buffer body, String code) {
    return (JsonObject) parse(ctx, body, code);
  }

  /**
   * The body read as JSON and checked against the contract, or null when it is empty and the
   * contract does not require one; {@code code} is the 400's machine code.
   */
  private static Object parse(RoutingContext ctx, Buffer body, String code) {
    ContractBody check = ctx.get(KEY);
    if (check == null) {
      // A route serving a body-taking operation without the contract's check is a wiring fault.
      throw new IllegalStateException("no contract body check on " + ctx.currentRoute().getPath());
    }
    return check.parse(body, code);
  }

  Object parse(Buffer body, String code) {
    if (body == null || blank(body)) {
      if (required) {
        throw new ApiException(400, code, "body: required; the contract wants a JSON document");
      }
      return null;
    }
    Object json;
    try {
      json = body.toJsonValue();
    } catch (DecodeException e) {
      throw new ApiException(400, code, "body: not JSON: " + e.getMessage());
    }
    OutputUnit result = validator.validate(json);
    if (!Boolean.TRUE.equals(result.getValid())) {
      throw new ApiException(400, code, message(result));
    }
    return json;
  }

  /** Whether the body is only white space, looked at without copying it (a catalogue is tens of MB). */
  private static boolean blank(Buffer body) {
    for (int i = 0; i < body.length(); i++) {
      if (!Character.isWhitespace(body.getByte(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * "note: ..." : the failing field first (as every 400 of this API starts), then the library's
   * words, the field's JSON pointer and the contract's rule ("maxLength" at ".../note/maxLength").
   */
  static String message(OutputUnit result) {
    OutputUnit error = deepest(result);
    // The library writes pointers as URI fragments: "#" the body, "#/lots/3" a field.
    String pointer = strip(error.getInstanceLocation());
    String rule = strip(error.getKeywordLocation());
    String keyword = rule.substring(rule.lastIndexOf('/') + 1);
    Matcher missing = QUOTED.matcher(String.valueOf(error.getError()));
    if (keyword.equals("required") && missing.find()) {
      // A missing field is reported at its parent: name the field itself.
      pointer = pointer + "/" + missing.group(1);
    }
    String field = pointer.isEmpty() ? "body" : pointer.substring(1);
    return field + ": " + error.getError() + " (at " + (pointer.isEmpty() ? "/" : pointer)
        + "; the contract wants " + keyword + " at " + rule + ")";
  }

  private static String strip(String location) {
    String text = location == null ? "" : location;
    return text.startsWith("#") ? text.substring(1) : text;
  }

  /**
   * The error that states the rule broken: the library lists the summaries too ("Property "note"
   * does not match schema", and an additionalProperties one for a known field that failed), so
   * the deepest field wins, then the deepest rule, then the later one (a nullable schema's typed
   * branch, listed after its null branch by {@link ApiContract}).
   */
  private static OutputUnit deepest(OutputUnit result) {
    OutputUnit chosen = result;
    for (OutputUnit error : result.getErrors() == null ? List.<OutputUnit>of() : result.getErrors()) {
      if (chosen == result || compare(error, chosen) >= 0) {
        chosen = error;
      }
    }
    return chosen;
  }

  private static int compare(OutputUnit one, OutputUnit other) {
    int byField = Integer.compare(depth(one.getInstanceLocation()), depth(other.getInstanceLocation()));
    return byField != 0 ? byField
        : Integer.compare(depth(one.getKeywordLocation()), depth(other.getKeywordLocation()));
  }

  private static int depth(String location) {
    return location == null ? 0 : (int) location.chars().filter(c -> c == '/').count();
  }
}
