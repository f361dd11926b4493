package dev.smartparking.simulator.city;

/** A manhole cover with its responsible unit and the thresholds the server alarms on. */
public record Cover(String id, String unitId, String districtCode, GeoPoint location, CoverLimits limits) {

  public Cover withLimits(CoverLimits changed) {
    return new Cover(id, unitId, districtCode, location, changed);
  }
}
