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
    return fromTerm(term(lat1, lon1, Math.cos(Math.toRadians(lat1)), lat2, lon2, Math.cos(Math.toRadians(lat2))));
  }

  /**
   * The haversine term {@code a} of two points, given the cosines of their latitudes: the
   * distance grows with it ({@link #fromTerm}), so a search compares terms and pays for the arc
   * sine only of the points it keeps. The same arithmetic as {@link #haversineM}, bit for bit.
   */
  static double term(double lat1, double lon1, double cosLat1, double lat2, double lon2, double cosLat2) {
    double dLat = Math.sin(Math.toRadians(lat2 - lat1) / 2);
    double dLon = Math.sin(Math.toRadians(lon2 - lon1) / 2);
    return dLat * dLat + cosLat1 * cosLat2 * dLon * dLon;
  }

  /** The distance in metres of a haversine term. */
  static double fromTerm(double a) {
    return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, a)));
  }

  /**
   * A term above which every distance is beyond {@code distanceM}, with a margin far wider than
   * the rounding of either formula, so that a point at the bound itself is still measured.
   */
  static double termBeyond(double distanceM) {
    if (distanceM >= Math.PI * EARTH_RADIUS_M) {
      return Double.POSITIVE_INFINITY;
    }
    double half = Math.sin(distanceM / (2 * EARTH_RADIUS_M));
    return half * half * (1 + 1e-9);
  }
}
