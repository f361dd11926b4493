package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.DeviceKind;
import dev.smartparking.simulator.city.Lot;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadCityTest {

  @ParameterizedTest(name = "{0} connections")
  @ValueSource(ints = {1, 12, 433, 50_000})
  void oneStatusLotAndOneGatewayPerConnection(int connections) {
    City city = LoadCity.generate(connections, 7);

    assertThat(city.lots()).hasSize(connections);
    assertThat(city.lots()).allSatisfy(l -> assertThat(l.counting().wireName()).isEqualTo("status"));
    assertThat(city.devices()).hasSize(connections).allSatisfy(d -> assertThat(d.kind()).isEqualTo(DeviceKind.LOT_GATEWAY));
    assertThat(city.devices().stream().map(d -> d.lots().get(0)).collect(Collectors.toSet()))
        .isEqualTo(city.lots().stream().map(Lot::id).collect(Collectors.toSet()));
    assertThat(city.covers()).isEmpty();
  }

  @ParameterizedTest(name = "{0} connections")
  @ValueSource(ints = {2, 40, 1_000})
  void withTelemetryAShareOfTheConnectionsAreCoverSensorsOnePerCover(int connections) {
    City city = LoadCity.generate(connections, 7, new MessageMix(0.2, 0.05));

    int sensors = (int) Math.max(1, Math.round(connections * 0.2));
    assertThat(city.lots()).hasSize(connections - sensors);
    assertThat(city.covers()).hasSize(sensors);
    assertThat(city.devices()).hasSize(connections);
    assertThat(city.devices().stream().filter(d -> d.kind() == DeviceKind.COVER_SENSOR).map(d -> d.covers().get(0)))
        .containsExactlyInAnyOrderElementsOf(city.covers().stream().map(c -> c.id()).toList());
    assertThat(LoadCity.devices(city)).filteredOn(LoadDevice::coverSensor).hasSize(sensors);
  }

  @ParameterizedTest(name = "{0} connections")
  @ValueSource(ints = {5, 2_000})
  void theSameSeedGivesTheSameDevicesAndSecretsInEveryProcess(int connections) {
    List<LoadDevice> first = LoadCity.devices(LoadCity.generate(connections, 7));
    List<LoadDevice> again = LoadCity.devices(LoadCity.generate(connections, 7));
    List<LoadDevice> otherSeed = LoadCity.devices(LoadCity.generate(connections, 8));

    assertThat(again).isEqualTo(first);
    assertThat(otherSeed).extracting(LoadDevice::secret).doesNotContainAnyElementsOf(first.stream().map(LoadDevice::secret).toList());
    assertThat(first).extracting(LoadDevice::id).doesNotHaveDuplicates();
  }
}
