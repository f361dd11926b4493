package dev.smartparking.simulator.city;

/** A manhole cover with its responsible unit and the thresholds the server alarms on. */
public record Cover(
    String id, String unitId, String districtCode, GeoPoint location, int reportIntervalS, double gasLimitPpm) {}
