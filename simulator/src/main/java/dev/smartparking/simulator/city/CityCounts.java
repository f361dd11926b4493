package dev.smartparking.simulator.city;

/** How many of each thing a city (or a provisioning answer) holds. */
public record CityCounts(int districts, int units, int lots, int bays, int covers, int devices) {

  public static CityCounts of(City city) {
    int bays = city.lots().stream().mapToInt(lot -> lot.bays().size()).sum();
    return new CityCounts(
        city.districts().size(),
        city.units().size(),
        city.lots().size(),
        bays,
        city.covers().size(),
        city.devices().size());
  }

  public String summary() {
    return "districts=%d units=%d lots=%d bays=%d covers=%d devices=%d"
        .formatted(districts, units, lots, bays, covers, devices);
  }
}
