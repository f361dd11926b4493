package dev.smartparking.simulator.city;

import java.util.random.RandomGenerator;

/** A square of ±halfExtentDeg degrees around a centre, in WGS-84 decimal degrees. */
public record GeoBox(double centreLat, double centreLon, double halfExtentDeg) {

  public GeoPoint randomPoint(RandomGenerator random) {
    double lat = centreLat + (random.nextDouble() * 2 - 1) * halfExtentDeg;
    double lon = centreLon + (random.nextDouble() * 2 - 1) * halfExtentDeg;
    // Four decimals (~10 m) keep the catalogue readable and the values exact in JSON.
    return new GeoPoint(round4(lat), round4(lon));
  }

  public boolean contains(double lat, double lon) {
    // Rounding to four decimals may push a point up to 0.00005° past the edge.
    double slack = 0.00005;
    return Math.abs(lat - centreLat) <= halfExtentDeg + slack
        && Math.abs(lon - centreLon) <= halfExtentDeg + slack;
  }

  private static double round4(double degrees) {
    return Math.round(degrees * 10_000) / 10_000.0;
  }
}
