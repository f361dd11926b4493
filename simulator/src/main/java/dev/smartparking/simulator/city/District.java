package dev.smartparking.simulator.city;

/** A district of the simulated city: catalogue code, name, demand weight and the box its places lie in. */
public record District(String code, String name, long gasHouseholds, boolean urban, GeoBox box) {}
