package dev.smartparking.api.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of one request, read and turned into values one by one. What the contract
 * states about them (required, bounds, enums, patterns) was checked before the resource ran
 * ({@code ContractCheck}, from {@code openapi.yaml}); what is left here is reading a value into its
 * type, rules the contract cannot say (a time span), a parameter the resource does not know and
 * one given twice, refused so a misspelt filter is not silently ignored. Every problem is an
 * {@link ApiException#badParameter} whose message starts with the parameter's name.
 */
public final class QueryParameters {

  /** Compiled once: {@code String.matches} compiles its expression on every call. */
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d{1,3}(\\.\\d{1,15})?");

  private final MultiMap params;

  private QueryParameters(MultiMap params) {
    this.params = params;
  }

  /** The request's parameters, refusing any outside {@code known} and any given twice. */
  public static QueryParameters of(RoutingContext ctx, Set<String> known) {
    MultiMap params = ctx.queryParams();
    if (!allKnownOnce(params, known)) {
      refuse(params, known);
    }
    return new QueryParameters(params);
  }

  /**
   * Whether every parameter is known and given once, read in place: {@code names()} builds a sorted
   * set per call, a fifth of a list page's CPU once its lots were kept written. A request names a
   * few parameters at most, so comparing each with those before it is the cheap way.
   */
  private static boolean allKnownOnce(MultiMap params, Set<String> known) {
    String[] seen = new String[known.size()];
    int count = 0;
    for (Map.Entry<String, String> param : params) {
      String name = param.getKey();
      if (!known.contains(name) || count == seen.length) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        if (seen[i].equals(name)) {
          return false;
        }
      }
      seen[count++] = name;
    }
    return true;
  }

  /** Refuses the first wrong parameter in name order, so the answer names the same one whatever their order. */
  private static void refuse(MultiMap params, Set<String> known) {
    for (String name : params.names()) {
      if (!known.contains(name)) {
        throw ApiException.badParameter(name + ": unknown parameter; this resource takes " + String.join(", ",
            known.stream().sorted().toList()));
      }
      if (params.getAll(name).size() > 1) {
        throw ApiException.badParameter(name + ": given more than once");
      }
    }
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

  /** A whole number (its bounds are the contract's), or {@code fallback} when absent. */
  public int integer(String name, int fallback) {
    Integer value = integer(name);
    return value == null ? fallback : value;
  }

  public int requiredInteger(String name) {
    required(name);
    return integer(name);
  }

  /** A whole number (its bounds are the contract's), or null when absent. */
  public Integer integer(String name) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw ApiException.badParameter(name + ": '" + value + "' is not a whole number");
    }
  }

  /** A required decimal number (its bounds are the contract's), written plainly (no exponent, NaN or Infinity). */
  public double decimal(String name) {
    String value = required(name);
    if (!PLAIN_DECIMAL.matcher(value).matches()) {
      throw ApiException.badParameter(name + ": '" + value + "' is not a plain decimal number");
    }
    return Double.parseDouble(value);
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
}
