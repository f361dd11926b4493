package dev.smartparking.ingest.mqtt;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.TcpProxy;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a balancer that sends PROXY protocol headers (mqtt.proxy-protocol), the server judges
 * the device's address the header names, not the balancer's: the failed-login budget is spent per
 * device address although every connection arrives from one balancer.
 */
class ProxyProtocolTest {

  private static final int BUDGET = 2;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("mqtt.proxy-protocol", "true")
      .with("ingest.failed-connects-per-minute", Integer.toString(BUDGET));

  private static TcpProxy fromGuesser;
  private static TcpProxy fromDevice;

  @BeforeAll
  static void balancers() {
    fromGuesser = TcpProxy.announcing("127.0.0.1", fixture.port(), new InetSocketAddress("127.0.0.77", 40001));
    fromDevice = TcpProxy.announcing("127.0.0.1", fixture.port(), new InetSocketAddress("127.0.0.78", 40002));
  }

  @AfterAll
  static void closeBalancers() {
    fromGuesser.close();
    fromDevice.close();
  }

  @Test
  void failedLoginsCountAgainstTheAddressTheBalancerNames() {
    for (int i = 0; i < BUDGET; i++) {
      String guess = "guess-" + i + "-0123456789";
      assertThatThrownBy(() -> fixture.connect5(fromGuesser.port(), GW1, guess))
          .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
              .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }
    assertThatThrownBy(() -> fixture.connect5(fromGuesser.port(), GW1, GW1_SECRET))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED));

    fixture.connect5(fromDevice.port(), GW1, GW1_SECRET).disconnect();
  }

  @Test
  void connectionWithoutProxyHeaderIsNotServed() {
    assertThatThrownBy(() -> fixture.connect5(fixture.port(), GW1, GW1_SECRET)).isNotNull();
  }
}
