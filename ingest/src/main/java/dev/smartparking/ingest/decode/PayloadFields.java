package dev.smartparking.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.smartparking.ingest.Outcome;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a device's JSON object payload, read in one streaming pass. The whole document
 * is parsed before any field is judged, so a payload that is both broken JSON and wrong in a
 * field is reported as malformed, the more basic fault. Unknown fields are skipped unread.
 * Every complaint names the field, with its path inside arrays ({@code bays[3].occupied}).
 */
public final class PayloadFields {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Map<String, Object> values;
  private final String path;

  private PayloadFields(Map<String, Object> values, String path) {
    this.values = values;
    this.path = path;
  }

  public static PayloadFields parse(Buffer payload, Set<String> wanted) {
    try (JsonParser parser = JSON.createParser(payload.getBytes())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the payload is not a JSON object");
      }
      Map<String, Object> values = new HashMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        if (wanted.contains(name)) {
          values.put(name, read(parser, token));
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw malformed("content after the JSON object");
      }
      return new PayloadFields(values, "");
    } catch (IOException e) {
      // Jackson's own words name the byte and the problem (bad UTF-8, unexpected character ...)
      throw malformed(firstLine(e.getMessage()));
    }
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        Map<String, Object> object = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.put(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        List<Object> array = new ArrayList<>();
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
          array.add(read(parser, item));
        }
        return array;
      }
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_STRING:
        return parser.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      default:
        return null;
    }
  }

  /** A required integer within [min, max]. */
  public long integer(String field, long min, long max) {
    Long value = optionalInteger(field, min, max);
    if (value == null) {
      throw invalid(name(field) + ": missing");
    }
    return value;
  }

  /** An optional integer within [min, max]; absent or null gives null. */
  public Long optionalInteger(String field, long min, long max) {
    Object value = values.get(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Long l) {
      if (l < min || l > max) {
        throw invalid(name(field) + ": " + l + " is outside " + min + ".." + max);
      }
      return l;
    }
    if (value instanceof Number) {
      throw invalid(name(field) + ": expected an integer in " + min + ".." + max + ", got " + value);
    }
    throw invalid(name(field) + ": expected an integer");
  }

  /** An optional number (integer or decimal) within [min, max]. */
  public Double optionalNumber(String field, double min, double max) {
    Object value = values.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Long || value instanceof Double)) {
      throw invalid(name(field) + ": expected a number");
    }
    double d = ((Number) value).doubleValue();
    if (d < min || d > max) {
      throw invalid(name(field) + ": " + value + " is outside " + min + ".." + max);
    }
    return d;
  }

  public boolean bool(String field) {
    Boolean value = optionalBoolean(field);
    if (value == null) {
      throw invalid(name(field) + ": missing");
    }
    return value;
  }

  /** An optional boolean; absent or null gives null. */
  public Boolean optionalBoolean(String field) {
    Object value = values.get(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw invalid(name(field) + ": expected true or false");
  }

  /** An optional string of 1 to maxLength characters, none of them a control character. */
  public String optionalText(String field, int maxLength) {
    Object value = values.get(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text) || text.isEmpty() || text.length() > maxLength) {
      throw invalid(name(field) + ": expected a string of 1 to " + maxLength + " characters");
    }
    int control = ControlCharacters.indexIn(text);
    if (control >= 0) {
      throw invalid(name(field) + ": control character " + ControlCharacters.name(text.charAt(control))
          + " at index " + control + " is not allowed");
    }
    return text;
  }

  public String text(String field, int maxLength) {
    String value = optionalText(field, maxLength);
    if (value == null) {
      throw invalid(name(field) + ": missing");
    }
    return value;
  }

  public String oneOf(String field, Set<String> allowed) {
    String value = text(field, 64);
    if (!allowed.contains(value)) {
      throw invalid(name(field) + ": '" + value + "' is not one of " + allowed);
    }
    return value;
  }

  /** A required array of min to max objects, each read as fields of its own. */
  public List<PayloadFields> objects(String field, int min, int max) {
    Object value = values.get(field);
    if (!(value instanceof List<?> list)) {
      throw invalid(name(field) + ": " + (value == null ? "missing" : "expected an array"));
    }
    if (list.size() < min || list.size() > max) {
      throw invalid(name(field) + ": expected " + min + " to " + max + " items, got " + list.size());
    }
    List<PayloadFields> objects = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String itemPath = name(field) + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw invalid(itemPath + ": expected an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) map;
      objects.add(new PayloadFields(fields, itemPath + "."));
    }
    return objects;
  }

  private String name(String field) {
    return path + field;
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
