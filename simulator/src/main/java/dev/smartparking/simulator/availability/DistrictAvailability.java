package dev.smartparking.simulator.availability;

/** One district's row of {@code GET /api/v1/availability}. */
public record DistrictAvailability(
    String code, String name, int lots, int lotsReporting, long total, long free, double occupancyRate) {}
