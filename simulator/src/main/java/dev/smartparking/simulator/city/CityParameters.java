package dev.smartparking.simulator.city;

/**
 * What shapes a generated city.
 *
 * @param seed drives every random choice; the same parameters give the same city
 * @param scale multiplies lot and cover counts; 1.0 is Jiaozuo's size
 * @param lotsPer10kHouseholds lots per 10,000 piped-gas households at scale 1.0
 * @param onStreetShare share of each district's lots that are bays-counted on-street segments
 */
public record CityParameters(long seed, double scale, double lotsPer10kHouseholds, double onStreetShare) {

  /** 6 per 10,000 households gives Jiaozuo (72.2 × 10,000 households) 433 lots at scale 1.0. */
  public static final double DEFAULT_LOTS_PER_10K_HOUSEHOLDS = 6.0;

  public static final double DEFAULT_ON_STREET_SHARE = 0.25;

  public CityParameters {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a finite number >= 0, got " + scale);
    }
    if (!(lotsPer10kHouseholds >= 0) || Double.isInfinite(lotsPer10kHouseholds)) {
      throw new IllegalArgumentException("lots per 10k households must be >= 0, got " + lotsPer10kHouseholds);
    }
    if (!(onStreetShare >= 0 && onStreetShare <= 1)) {
      throw new IllegalArgumentException("on-street share must lie in [0, 1], got " + onStreetShare);
    }
  }

  public static CityParameters of(long seed, double scale) {
    return new CityParameters(seed, scale, DEFAULT_LOTS_PER_10K_HOUSEHOLDS, DEFAULT_ON_STREET_SHARE);
  }
}
