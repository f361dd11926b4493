package dev.smartparking.api.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of one request, read and checked one by one. Every problem is an
 * {@link ApiException#badParameter} whose message starts with the parameter's name, so the
 * client learns which one is wrong; a parameter the resource does not know is refused too,
 * so a misspelt filter is not silently ignored.
 */
public final class QueryParameters {

  /** Lot, district and device ids, as the catalogue accepts them (docs/catalogue.md). */
  public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");
  public static final String IDENTIFIER_RULE = "1-64 letters, digits, . _ : -";

  private final MultiMap params;

  private QueryParameters(MultiMap params) {
    this.params = params;
  }

  /** The request's parameters, refusing any outside {@code known} and any given twice. */
  public static QueryParameters of(RoutingContext ctx, Set<String> known) {
    MultiMap params = ctx.queryParams();
    for (String name : params.names()) {
      if (!known.contains(name)) {
        throw ApiException.badParameter(name + ": unknown parameter; this resource takes " + String.join(", ",
            known.stream().sorted().toList()));
      }
      if (params.getAll(name).size() > 1) {
        throw ApiException.badParameter(name + ": given more than once");
      }
    }
    return new QueryParameters(params);
  }

  /** The raw value, or null when absent or empty. */
  public String string(String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  public String required(String name) {
    String value = string(name);
    if (value == null) {
      throw ApiException.badParameter(name + ": required");
    }
    return value;
  }

  /** An identifier ({@link #IDENTIFIER}), or null when absent. */
  public String identifier(String name) {
    String value = string(name);
    if (value != null && !IDENTIFIER.matcher(value).matches()) {
      throw ApiException.badParameter(name + ": '" + value + "' is not an identifier (" + IDENTIFIER_RULE + ")");
    }
    return value;
  }

  /** A whole number in [min, max], or {@code fallback} when absent. */
  public int integer(String name, int min, int max, int fallback) {
    Integer value = integer(name, min, max);
    return value == null ? fallback : value;
  }

  public int requiredInteger(String name, int min, int max) {
    required(name);
    return integer(name, min, max);
  }

  /** A whole number in [min, max], or null when absent. */
  public Integer integer(String name, int min, int max) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    String rule = "an integer from " + min + " to " + max;
    if (!value.matches("-?\\d{1,10}")) {
      throw ApiException.badParameter(name + ": '" + value + "' is not " + rule);
    }
    long number = Long.parseLong(value);
    if (number < min || number > max) {
      throw ApiException.badParameter(name + ": " + value + " is not " + rule);
    }
    return (int) number;
  }

  /** A required decimal number in [min, max], written plainly (no exponent, NaN or Infinity). */
  public double decimal(String name, double min, double max) {
    String value = required(name);
    String rule = "a number from " + min + " to " + max;
    if (!value.matches("-?\\d{1,3}(\\.\\d{1,15})?")) {
      throw ApiException.badParameter(name + ": '" + value + "' is not " + rule);
    }
    double number = Double.parseDouble(value);
    if (number < min || number > max) {
      throw ApiException.badParameter(name + ": " + value + " is not " + rule);
    }
    return number;
  }

  /** An RFC 3339 time with its offset, e.g. {@code 2026-11-23T08:00:00Z}, or null when absent. */
  public OffsetDateTime time(String name) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name + ": '" + value
          + "' is not an RFC 3339 time with offset, e.g. 2026-11-23T08:00:00Z (percent-encode a '+')");
    }
  }

  public OffsetDateTime requiredTime(String name) {
    required(name);
    return time(name);
  }

  /**
   * A required time at most {@code maxSpan} before {@code end} ({@code endName} says what end is,
   * for the message): what a scan from it to {@code end} may cover is bounded.
   */
  public OffsetDateTime requiredTimeWithin(String name, Duration maxSpan, OffsetDateTime end, String endName) {
    OffsetDateTime value = requiredTime(name);
    if (value.plus(maxSpan).isBefore(end)) {
      throw ApiException.badParameter(name + ": " + string(name) + " is more than " + maxSpan.toDays()
          + " days before " + endName + " (" + end.truncatedTo(ChronoUnit.SECONDS) + "); ask for at most "
          + maxSpan.toDays() + " days at a time");
    }
    return value;
  }

  /** One of {@code allowed}, or null when absent. */
  public String oneOf(String name, List<String> allowed) {
    String value = string(name);
    if (value != null && !allowed.contains(value)) {
      throw ApiException.badParameter(name + ": '" + value + "' is not one of " + String.join(", ", allowed));
    }
    return value;
  }
}
