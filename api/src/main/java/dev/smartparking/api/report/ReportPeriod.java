package dev.smartparking.api.report;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.QueryParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The period a ledger covers, {@code from} inclusive and {@code to} exclusive. Each bound is an
 * RFC 3339 time or a calendar date in the city's time (Asia/Shanghai): {@code from=2023-06-01}
 * starts that day, {@code to=2023-06-19} takes that day in whole. Default: this calendar month.
 */
record ReportPeriod(OffsetDateTime from, OffsetDateTime to) {

  /** The bureau's calendar: Jiaozuo keeps China Standard Time. */
  static final ZoneId CITY_TIME = ZoneId.of("Asia/Shanghai");
  static final Duration MAX_SPAN = Duration.ofDays(400);

  static ReportPeriod of(QueryParameters params, Clock clock) {
    LocalDate today = LocalDate.now(clock.withZone(CITY_TIME));
    OffsetDateTime from = bound(params, "from", false);
    OffsetDateTime to = bound(params, "to", true);
    if (from == null) {
      from = today.withDayOfMonth(1).atStartOfDay(CITY_TIME).toOffsetDateTime();
    }
    if (to == null) {
      to = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(CITY_TIME).toOffsetDateTime();
    }
    if (!from.isBefore(to)) {
      throw ApiException.badParameter("from: " + from + " is not before to (" + to + ")");
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw ApiException.badParameter("to: the period from " + from + " to " + to + " is longer than "
          + MAX_SPAN.toDays() + " days; ask for at most " + MAX_SPAN.toDays() + " days at a time");
    }
    return new ReportPeriod(from, to);
  }

  /** A time or a date; a date that ends the period means the end of that day. */
  private static OffsetDateTime bound(QueryParameters params, String name, boolean end) {
    String value = params.string(name);
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        LocalDate day = LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
        ZonedDateTime start = (end ? day.plusDays(1) : day).atStartOfDay(CITY_TIME);
        return start.toOffsetDateTime();
      }
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw ApiException.badParameter(name + ": '" + value + "' is neither a date (2023-06-19, in Asia/Shanghai) "
          + "nor an RFC 3339 time with offset (2023-06-19T08:00:00+08:00; percent-encode a '+')");
    }
  }
}
