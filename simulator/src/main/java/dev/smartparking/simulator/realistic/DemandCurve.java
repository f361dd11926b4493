package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.city.LotKind;
import java.time.LocalTime;
import java.util.List;

/**
 * A kind of lot's expected occupancy on one type of day, as a share of capacity, by time of day.
 *
 * <p>Linear between points given in minutes since midnight; the shapes are plausible, not measured.
 * Weekdays follow work and school; weekends move the peaks towards shopping, visits and staying home.
 */
public record DemandCurve(List<Point> points) {

  /** Occupancy share at a minute of the day. */
  public record Point(int minute, double occupancy) {}

  public DemandCurve {
    points = List.copyOf(points);
    if (points.size() < 2 || points.get(0).minute() != 0 || points.get(points.size() - 1).minute() != 24 * 60) {
      throw new IllegalArgumentException("a curve runs from minute 0 to minute 1440");
    }
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i).minute() <= points.get(i - 1).minute()) {
        throw new IllegalArgumentException("curve points must be in increasing minute order");
      }
    }
  }

  /** Monday to Friday. */
  public static DemandCurve weekday(LotKind kind) {
    return switch (kind) {
      // Fills with the morning commute, empties after work.
      case COMMUTER -> of(0, .08, 390, .10, 450, .45, 510, .88, 570, .92, 720, .85, 990, .85, 1080, .35, 1200, .12, 1440, .08);
      // Shops and restaurants: a midday peak and an evening one.
      case COMMERCIAL -> of(0, .05, 480, .08, 600, .35, 720, .85, 840, .75, 1080, .70, 1200, .80, 1320, .30, 1440, .05);
      // Outpatients through the working day, visitors in the evening, staff at night.
      case HOSPITAL -> of(0, .30, 390, .30, 480, .75, 570, .95, 900, .90, 1050, .60, 1200, .40, 1440, .30);
      // Residents leave in the morning and come back in the evening.
      case RESIDENTIAL -> of(0, .92, 390, .92, 480, .65, 570, .45, 990, .45, 1110, .75, 1230, .90, 1440, .92);
      case ON_STREET -> of(0, .20, 480, .50, 600, .80, 1080, .80, 1260, .40, 1440, .20);
    };
  }

  /** Saturday and Sunday. */
  public static DemandCurve weekend(LotKind kind) {
    return switch (kind) {
      // Few commuters: a light daytime bump.
      case COMMUTER -> of(0, .06, 480, .08, 600, .30, 960, .30, 1140, .10, 1440, .06);
      // Shopping day: later, longer and higher than on weekdays.
      case COMMERCIAL -> of(0, .05, 540, .10, 660, .60, 840, .95, 1080, .90, 1260, .75, 1380, .25, 1440, .05);
      // No planned outpatient clinics; visitors from late morning.
      case HOSPITAL -> of(0, .30, 480, .40, 660, .65, 1080, .70, 1260, .40, 1440, .30);
      // People stay home; a midday dip for errands.
      case RESIDENTIAL -> of(0, .93, 540, .85, 720, .70, 1020, .72, 1200, .90, 1440, .93);
      case ON_STREET -> of(0, .15, 540, .40, 720, .85, 1140, .80, 1320, .35, 1440, .15);
    };
  }

  private static DemandCurve of(double... minuteOccupancyPairs) {
    Point[] points = new Point[minuteOccupancyPairs.length / 2];
    for (int i = 0; i < points.length; i++) {
      points[i] = new Point((int) minuteOccupancyPairs[2 * i], minuteOccupancyPairs[2 * i + 1]);
    }
    return new DemandCurve(List.of(points));
  }

  public double occupancyAt(LocalTime time) {
    double minute = time.toSecondOfDay() / 60.0;
    for (int i = 1; i < points.size(); i++) {
      Point right = points.get(i);
      if (minute <= right.minute()) {
        Point left = points.get(i - 1);
        double t = (minute - left.minute()) / (right.minute() - left.minute());
        return left.occupancy() + t * (right.occupancy() - left.occupancy());
      }
    }
    return points.get(points.size() - 1).occupancy();
  }
}
