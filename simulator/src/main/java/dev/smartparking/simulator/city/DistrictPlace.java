package dev.smartparking.simulator.city;

/** The simulator's rough geography of a district: an ASCII slug and the box things are placed in. */
public record DistrictPlace(String name, String slug, GeoBox box) {}
