package dev.smartparking.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.smartparking.ingest.Outcome;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The top-level fields of a device's JSON object payload, read in one streaming pass. The whole
 * document is parsed before any field is judged, so a payload that is both broken JSON and
 * wrong in a field is reported as malformed, the more basic fault. Unknown fields are skipped.
 */
public final class PayloadFields {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** Stands for a field whose value is an object or an array where a scalar was expected. */
  private static final Object STRUCTURE = new Object();

  private final Map<String, Object> values;

  private PayloadFields(Map<String, Object> values) {
    this.values = values;
  }

  public static PayloadFields parse(Buffer payload, Set<String> wanted) {
    Map<String, Object> values = new HashMap<>();
    try (JsonParser parser = JSON.createParser(payload.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the payload is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        if (wanted.contains(name)) {
          values.put(name, scalar(parser, token));
        }
        parser.skipChildren();
      }
      if (parser.nextToken() != null) {
        throw malformed("content after the JSON object");
      }
    } catch (IOException e) {
      // Jackson's own words name the byte and the problem (bad UTF-8, unexpected character ...)
      throw malformed(firstLine(e.getMessage()));
    }
    return new PayloadFields(values);
  }

  private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> STRUCTURE;
    };
  }

  /** A required integer within [min, max]. */
  public long integer(String field, long min, long max) {
    Object value = values.get(field);
    if (value == null) {
      throw invalid(field + ": missing");
    }
    return checkedInteger(field, value, min, max);
  }

  /** An optional boolean; absent or null gives null. */
  public Boolean optionalBoolean(String field) {
    Object value = values.get(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw invalid(field + ": expected true or false");
  }

  private static long checkedInteger(String field, Object value, long min, long max) {
    if (value instanceof Long l) {
      if (l < min || l > max) {
        throw invalid(field + ": " + l + " is outside " + min + ".." + max);
      }
      return l;
    }
    if (value instanceof Number) {
      throw invalid(field + ": expected an integer in " + min + ".." + max + ", got " + value);
    }
    throw invalid(field + ": expected an integer");
  }

  private static DeviceFault malformed(String detail) {
    return new DeviceFault(Outcome.MALFORMED, detail);
  }

  static DeviceFault invalid(String detail) {
    return new DeviceFault(Outcome.INVALID, detail);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
