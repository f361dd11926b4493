package dev.smartparking.simulator.city;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A generated city: everything the catalogue registers. */
public record City(
    List<District> districts, List<Unit> units, List<Lot> lots, List<Cover> covers, List<Device> devices) {

  public City {
    districts = List.copyOf(districts);
    units = List.copyOf(units);
    lots = List.copyOf(lots);
    covers = List.copyOf(covers);
    devices = List.copyOf(devices);
  }

  public CityCounts counts() {
    return CityCounts.of(this);
  }

  /** The same city with some devices' secrets replaced, e.g. by those the server issued. */
  public City withSecrets(Map<String, String> secretsByDevice) {
    List<Device> updated =
        devices.stream()
            .map(d -> secretsByDevice.containsKey(d.id()) ? d.withSecret(secretsByDevice.get(d.id())) : d)
            .toList();
    return new City(districts, units, lots, covers, updated);
  }

  /** The same city with webhooks given to the units named in {@code webhooksByUnit}. */
  public City withWebhooks(Map<String, Webhook> webhooksByUnit) {
    List<Unit> updated =
        units.stream().map(u -> webhooksByUnit.containsKey(u.id()) ? u.withWebhook(webhooksByUnit.get(u.id())) : u).toList();
    return new City(districts, updated, lots, covers, devices);
  }

  /** The same city with every cover passed through {@code change}. */
  public City withCovers(UnaryOperator<Cover> change) {
    return new City(districts, units, lots, covers.stream().map(change).toList(), devices);
  }
}
