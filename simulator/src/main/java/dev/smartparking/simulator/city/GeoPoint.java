package dev.smartparking.simulator.city;

/** A WGS-84 position in decimal degrees. */
public record GeoPoint(double lat, double lon) {}
