package dev.smartparking.api.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alarm, event and issued-token ids as the API shows them, {@code A-000123}, {@code E-000042} and
 * {@code T-000007} (the SQL
 * function prefixed_id writes them): the prefix, a dash and the row's number. Read back by
 * dropping the prefix; fewer than six digits are taken as well, since the number is what counts.
 */
public enum PrefixedId {
  ALARM("A", "alarm", "A-000123"),
  EVENT("E", "event", "E-000042"),
  TOKEN("T", "token", "T-000007");

  /** At most 18 digits: every such number fits a bigint. */
  private static final Pattern FORM = Pattern.compile("([AET])-(\\d{1,18})");

  private final String prefix;
  private final String noun;
  private final String example;

  PrefixedId(String prefix, String noun, String example) {
    this.prefix = prefix;
    this.noun = noun;
    this.example = example;
  }

  /** The row number, or null when {@code value} is not an id of this kind. */
  public Long parse(String value) {
    Matcher matcher = value == null ? null : FORM.matcher(value);
    if (matcher == null || !matcher.matches() || !matcher.group(1).equals(prefix)) {
      return null;
    }
    return Long.parseLong(matcher.group(2));
  }

  /**
   * The row number of a path parameter. An id that cannot be one names no resource, so it is a
   * 404 like an unknown one: a client cannot tell a malformed id from one that never existed.
   */
  public long pathParameter(String value) {
    Long id = parse(value);
    if (id == null) {
      throw ApiException.notFound("no " + noun + " '" + value + "' (" + noun + " ids look like " + example + ")");
    }
    return id;
  }

  /** What an id of this kind looks like, for messages. */
  public String example() {
    return example;
  }
}
