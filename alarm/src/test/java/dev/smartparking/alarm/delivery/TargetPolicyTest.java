package dev.smartparking.alarm.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may reach (literals only: no name is looked up, nothing is connected to). */
class TargetPolicyTest {

  private static final TargetPolicy STRICT = new TargetPolicy(false, false);
  private static final TargetPolicy LOOPBACK_ALLOWED = new TargetPolicy(true, false);
  private static final TargetPolicy PRIVATE_ALLOWED = new TargetPolicy(false, true);

  private static InetAddress address(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
  void loopbackIsRefusedUnlessAllowed(String literal) throws UnknownHostException {
    assertThat(STRICT.refusal(address(literal))).contains("loopback");
    assertThat(PRIVATE_ALLOWED.refusal(address(literal))).contains("loopback");
    assertThat(LOOPBACK_ALLOWED.refusal(address(literal))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.127.255.1",
      "fd00::1", "fc12::3"})
  void privateAddressesAreRefusedUnlessAllowed(String literal) throws UnknownHostException {
    assertThat(STRICT.refusal(address(literal))).contains("private");
    assertThat(LOOPBACK_ALLOWED.refusal(address(literal))).contains("private");
    assertThat(PRIVATE_ALLOWED.refusal(address(literal))).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "255.255.255.255"})
  void linkLocalUnspecifiedMulticastAndBroadcastAreAlwaysRefused(String literal) throws UnknownHostException {
    assertThat(new TargetPolicy(true, true).refusal(address(literal))).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2001:db8::1"})
  void publicAddressesAreAllowed(String literal) throws UnknownHostException {
    assertThat(STRICT.refusal(address(literal))).isNull();
  }
}
