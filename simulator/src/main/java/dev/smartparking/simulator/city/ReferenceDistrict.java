package dev.smartparking.simulator.city;

import java.util.Optional;

/** One row of the bureau's district table: name, kind, official code if any, gas households. */
public record ReferenceDistrict(String name, String kind, Optional<String> adminCode, long gasHouseholds) {

  /** Urban districts and the development zone make up the city proper; the rest are counties. */
  public boolean urban() {
    return kind.equals("urban district") || kind.startsWith("development zone");
  }
}
