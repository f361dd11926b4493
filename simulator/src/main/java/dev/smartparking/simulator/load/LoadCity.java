package dev.smartparking.simulator.load;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.Device;
import dev.smartparking.simulator.city.DeviceKind;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.ReferenceDistrict;
import dev.smartparking.simulator.city.SeededSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The city a load run plays: exactly K status-counting lots, one gateway each, derived from the seed.
 *
 * <p>Derived rather than passed around, so every process of a multi-process run rebuilds the same
 * devices with the same secrets from the seed alone. Units and covers are left out: the catalogue
 * allows partial documents, and silent covers would only slow provisioning.
 */
public final class LoadCity {

  private LoadCity() {}

  public static City generate(int connections, long seed) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1, got " + connections);
    }
    JiaozuoReference reference = JiaozuoReference.load();
    long households = reference.districts().stream().mapToLong(ReferenceDistrict::gasHouseholds).sum();
    // A tiny scale keeps the covers (dropped below) to one per unit; the lot density is then set
    // so that the city has exactly `connections` lots, none of them on-street.
    double scale = 0.001;
    double lotsPer10k = connections * 10_000.0 / (households * scale);
    City full =
        new CityGenerator(reference, new SeededSecrets(seed))
            .generate(new CityParameters(seed, scale, lotsPer10k, 0.0));
    if (full.lots().size() != connections) {
      throw new IllegalStateException("asked for " + connections + " lots, the generator made " + full.lots().size());
    }
    List<Device> gateways = full.devices().stream().filter(d -> d.kind() == DeviceKind.LOT_GATEWAY).toList();
    return new City(full.districts(), List.of(), full.lots(), List.of(), gateways);
  }

  /** The city's lot gateways as load devices, in catalogue order. */
  public static List<LoadDevice> devices(City city) {
    Map<String, Lot> lots = city.lots().stream().collect(Collectors.toMap(Lot::id, Function.identity()));
    List<LoadDevice> devices = new ArrayList<>(city.devices().size());
    for (Device device : city.devices()) {
      Lot lot = lots.get(device.lots().get(0));
      devices.add(new LoadDevice(device.id(), device.secret(), lot.id(), lot.capacity()));
    }
    return devices;
  }
}
