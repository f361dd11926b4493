package dev.smartparking.simulator.load;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.Device;
import dev.smartparking.simulator.city.DeviceKind;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.ReferenceDistrict;
import dev.smartparking.simulator.city.SeededSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The city a load run plays: exactly K connections, derived from the seed. With status only, K
 * status-counting lots and one gateway each; with cover telemetry in the mix, the mix's share of
 * them are cover sensors instead, one per cover, the rest lots as before.
 *
 * <p>Derived rather than passed around, so every process of a multi-process run rebuilds the same
 * devices with the same secrets from the seed alone. Covers beyond the sensors (and, with status
 * only, units and covers altogether) are left out: the catalogue allows partial documents, and
 * silent covers would only slow provisioning.
 */
public final class LoadCity {

  private LoadCity() {}

  public static City generate(int connections, long seed) {
    return generate(connections, seed, MessageMix.STATUS);
  }

  public static City generate(int connections, long seed, MessageMix mix) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1, got " + connections);
    }
    int sensors = mix.coverSensors(connections);
    int gateways = connections - sensors;
    JiaozuoReference reference = JiaozuoReference.load();
    long households = reference.districts().stream().mapToLong(ReferenceDistrict::gasHouseholds).sum();
    // A tiny scale keeps the covers to one per unit; a larger one is taken only when the sensors
    // need more covers. The lot density is then set so that the city has exactly `gateways` lots,
    // none of them on-street.
    double scale = 0.001;
    City full;
    while (true) {
      double lotsPer10k = gateways * 10_000.0 / (households * scale);
      full = new CityGenerator(reference, new SeededSecrets(seed))
          .generate(new CityParameters(seed, scale, lotsPer10k, 0.0));
      if (full.covers().size() >= sensors) {
        break;
      }
      scale *= 2;
    }
    if (full.lots().size() != gateways) {
      throw new IllegalStateException("asked for " + gateways + " lots, the generator made " + full.lots().size());
    }
    List<Cover> covers = full.covers().subList(0, sensors);
    Set<String> coverIds = covers.stream().map(Cover::id).collect(Collectors.toSet());
    List<Device> devices = full.devices().stream()
        .filter(d -> d.kind() == DeviceKind.LOT_GATEWAY
            || d.kind() == DeviceKind.COVER_SENSOR && coverIds.contains(d.covers().get(0)))
        .toList();
    return new City(full.districts(), sensors == 0 ? List.of() : full.units(), full.lots(), covers, devices);
  }

  /** The city's devices as load devices, in catalogue order. */
  public static List<LoadDevice> devices(City city) {
    Map<String, Lot> lots = city.lots().stream().collect(Collectors.toMap(Lot::id, Function.identity()));
    List<LoadDevice> devices = new ArrayList<>(city.devices().size());
    for (Device device : city.devices()) {
      if (device.kind() == DeviceKind.COVER_SENSOR) {
        devices.add(LoadDevice.coverSensor(device.id(), device.secret(), device.covers().get(0)));
      } else {
        Lot lot = lots.get(device.lots().get(0));
        devices.add(LoadDevice.gateway(device.id(), device.secret(), lot.id(), lot.capacity()));
      }
    }
    return devices;
  }
}
