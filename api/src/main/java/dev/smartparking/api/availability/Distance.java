package dev.smartparking.api.availability;

/** Great-circle distance, the one formula the in-memory search and its tests share. */
public final class Distance {

  /** The Earth's mean radius: on this sphere haversine is within 0.5 % of the ellipsoid, plenty for "which lot is close". */
  public static final double EARTH_RADIUS_M = 6371008.8;

  private Distance() {}

  /**
   * Haversine distance in metres, term for term the formula of the SQL that answered nearby
   * before; {@code min(1, ...)} keeps rounding from pushing asin out of its domain for antipodal
   * points.
   */
  public static double haversineM(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.sin(Math.toRadians(lat2 - lat1) / 2);
    double dLon = Math.sin(Math.toRadians(lon2 - lon1) / 2);
    double a = dLat * dLat + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * dLon * dLon;
    return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, a)));
  }
}
