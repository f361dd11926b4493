package dev.smartparking.partition;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How much time one partition of a table holds: a UTC day or a UTC month. */
public enum Span {
  DAY(DateTimeFormatter.BASIC_ISO_DATE) {
    @Override
    public LocalDate start(LocalDate day) {
      return day;
    }

    @Override
    public LocalDate next(LocalDate start) {
      return start.plusDays(1);
    }
  },
  MONTH(DateTimeFormatter.ofPattern("uuuuMM")) {
    @Override
    public LocalDate start(LocalDate day) {
      return day.withDayOfMonth(1);
    }

    @Override
    public LocalDate next(LocalDate start) {
      return start.plusMonths(1);
    }
  };

  private final DateTimeFormatter suffix;

  Span(DateTimeFormatter suffix) {
    this.suffix = suffix;
  }

  /** The first day of the partition that holds {@code day}. */
  public abstract LocalDate start(LocalDate day);

  /** The first day of the partition after the one starting on {@code start}. */
  public abstract LocalDate next(LocalDate start);

  /** {@code 20261204} for a day, {@code 202612} for a month: partition names sort by time. */
  String suffix(LocalDate start) {
    return suffix.format(start);
  }

  /** The start a {@link #suffix} names; empty for anything else. */
  Optional<LocalDate> start(String suffix) {
    try {
      LocalDate start = this == MONTH ? LocalDate.parse(suffix + "01", DateTimeFormatter.BASIC_ISO_DATE)
          : LocalDate.parse(suffix, DateTimeFormatter.BASIC_ISO_DATE);
      return suffix(start).equals(suffix) ? Optional.of(start) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
