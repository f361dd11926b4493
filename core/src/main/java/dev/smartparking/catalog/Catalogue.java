package dev.smartparking.catalog;

import java.util.List;

/** A city catalogue as imported: districts, responsible units, lots, covers and devices (docs/catalogue.md). */
public record Catalogue(List<District> districts, List<Unit> units, List<Lot> lots, List<Cover> covers,
    List<Device> devices) {

  public record District(String code, String name) {}

  /** {@code district} is null for a unit working city-wide. */
  public record Unit(String id, String name, String district) {}

  public record Lot(String id, String name, String district, double lat, double lon, int capacity,
      String counting, String kind, List<String> bays) {}

  public record Cover(String id, String unit, String district, double lat, double lon, int reportIntervalS,
      double gasLimitPpm) {}

  /** {@code secret} is null when the server keeps the known secret or issues a new one. */
  public record Device(String id, String kind, List<String> lots, List<String> covers, String secret,
      boolean rotateSecret) {}
}
