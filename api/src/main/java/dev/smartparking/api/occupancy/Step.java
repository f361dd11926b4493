package dev.smartparking.api.occupancy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The width of one point of an occupancy series, as the {@code step} parameter names it. */
enum Step {
  ONE_MINUTE("1m", Duration.ofMinutes(1)),
  FIVE_MINUTES("5m", Duration.ofMinutes(5)),
  FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
  ONE_HOUR("1h", Duration.ofHours(1)),
  ONE_DAY("1d", Duration.ofDays(1));

  static final Step DEFAULT = FIVE_MINUTES;
  static final String NAMES = Arrays.stream(values()).map(Step::text).collect(Collectors.joining(", "));

  private final String text;
  private final Duration width;

  Step(String text, Duration width) {
    this.text = text;
    this.width = width;
  }

  static Optional<Step> named(String text) {
    return Arrays.stream(values()).filter(step -> step.text.equals(text)).findFirst();
  }

  String text() {
    return text;
  }

  Duration width() {
    return width;
  }
}
