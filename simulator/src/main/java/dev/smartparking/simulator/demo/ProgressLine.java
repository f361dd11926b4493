package dev.smartparking.simulator.demo;

import dev.smartparking.simulator.device.DeliveryFigures;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The one-line live status printed every second while the demo runs. */
public final class ProgressLine {

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private ProgressLine() {}

  public static String format(LocalTime simTime, DeliveryFigures figures, long connectFailures, int connected, int clients) {
    return "sim %s | sent %d | acked %d | p50 %s p99 %s | rejected %d | errors %d | clients %d/%d"
        .formatted(
            simTime.format(HH_MM),
            figures.sent(),
            figures.acknowledged(),
            millis(figures.p50Micros()),
            millis(figures.p99Micros()),
            figures.rejected(),
            figures.failed() + connectFailures,
            connected,
            clients);
  }

  static String millis(long micros) {
    return "%.1f ms".formatted(micros / 1000.0);
  }
}
