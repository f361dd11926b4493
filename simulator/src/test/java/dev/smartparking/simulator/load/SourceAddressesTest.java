package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceAddressesTest {

  private static List<String> text(List<InetAddress> addresses) {
    return addresses.stream().map(InetAddress::getHostAddress).toList();
  }

  @Test
  void aCountStartsAt127002SoTheServersOwnAddressStaysFree() {
    assertThat(text(SourceAddresses.parse("3"))).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
  }

  @Test
  void rangesAndListsCanBeMixed() {
    assertThat(text(SourceAddresses.parse("127.0.0.2-127.0.0.4,127.0.1.9")))
        .containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.1.9");
  }

  @Test
  void rangesCrossOctets() {
    assertThat(text(SourceAddresses.parse("127.0.0.254-127.0.1.1")))
        .containsExactly("127.0.0.254", "127.0.0.255", "127.0.1.0", "127.0.1.1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"10.0.0.2", "192.168.1.1-192.168.1.3", "127.0.0.2,8.8.8.8", "localhost", "::1"})
  void onlyLoopbackIpv4LiteralsAreAccepted(String text) {
    assertThatThrownBy(() -> SourceAddresses.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAddressListedTwiceIsRefused() {
    assertThatThrownBy(() -> SourceAddresses.parse("127.0.0.2,127.0.0.2-127.0.0.3"))
        .hasMessageContaining("repeat");
  }

  @ParameterizedTest(name = "{0} connections, {1} processes -> {2}")
  @CsvSource({"100,1,1", "20000,1,1", "20001,2,2", "50000,3,3", "50000,1,3", "100,4,4"})
  void byDefaultOneAddressPer20000ConnectionsAndAtLeastOnePerProcess(int connections, int processes, int expected) {
    List<InetAddress> addresses = SourceAddresses.defaultFor(connections, processes);

    assertThat(addresses).hasSize(expected);
    assertThat(addresses).allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
  }
}
