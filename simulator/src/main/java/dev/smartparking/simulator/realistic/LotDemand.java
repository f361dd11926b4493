package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.LotKind;
import java.time.DayOfWeek;
import java.time.LocalDateTime;

/**
 * How a kind of lot is used: its weekday and weekend occupancy curves and how long a car stays.
 *
 * @param meanDwellMinutes mean simulated minutes between a car's arrival and its departure
 */
public record LotDemand(DemandCurve weekday, DemandCurve weekend, double meanDwellMinutes) {

  public LotDemand {
    if (meanDwellMinutes <= 0) {
      throw new IllegalArgumentException("mean dwell must be positive, got " + meanDwellMinutes);
    }
  }

  public static LotDemand forKind(LotKind kind) {
    return new LotDemand(DemandCurve.weekday(kind), DemandCurve.weekend(kind), meanDwellMinutes(kind));
  }

  /** Commuters stay the working day, shoppers an hour or two, residents overnight. */
  private static double meanDwellMinutes(LotKind kind) {
    return switch (kind) {
      case COMMUTER -> 540;
      case COMMERCIAL -> 100;
      case HOSPITAL -> 150;
      case RESIDENTIAL -> 660;
      case ON_STREET -> 45;
    };
  }

  public static boolean isWeekend(LocalDateTime at) {
    DayOfWeek day = at.getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }

  /** The expected occupied share at {@code at}, from the curve of that day's type. */
  public double occupancyAt(LocalDateTime at) {
    return (isWeekend(at) ? weekend : weekday).occupancyAt(at.toLocalTime());
  }
}
