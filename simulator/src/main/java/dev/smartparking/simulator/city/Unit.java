package dev.smartparking.simulator.city;

import java.util.Optional;

/** A unit responsible for manhole covers; without a district it works city-wide. */
public record Unit(String id, String name, Optional<String> districtCode) {}
