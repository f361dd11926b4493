package dev.smartparking.ingest.mqtt.tls;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.GW2;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MutualTlsTest {

  private static final String TOPIC = "v1/lots/L-1/status";
  static final TestCertificates CERTIFICATES = TestCertificates.make(GW1, GW2);
  /** Another CA's certificate for gw-1: the right name, signed by no one the server trusts. */
  static final TestCertificates STRANGER = TestCertificates.make(GW1);

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("tls.cert-file", CERTIFICATES.serverCert().toString())
      .with("tls.key-file", CERTIFICATES.serverKey().toString())
      .with("tls.client-ca-file", CERTIFICATES.ca().toString());

  @Test
  void deviceCertificateConnectsWithoutPassword() {
    Mqtt5BlockingClient[] client = new Mqtt5BlockingClient[1];
    TlsClients.connectWithCertificate(CERTIFICATES, fixture.tlsPort(), GW1, GW1, client);

    client[0].publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(201, System.currentTimeMillis(), 420, 30)).send();

    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = 201", GW1))
        .isEqualTo(1);
    client[0].disconnect();
  }

  @Test
  void certificateOfAnotherDeviceIsRefusedAsAWrongSecret() {
    Mqtt5BlockingClient[] client = new Mqtt5BlockingClient[1];

    assertThatThrownBy(() -> TlsClients.connectWithCertificate(CERTIFICATES, fixture.tlsPort(), GW2, GW1, client))
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void certificateOfAnotherDeviceIsRefusedEvenWithTheRightPassword() {
    Mqtt5BlockingClient client = TlsClients.client(fixture.tlsPort(), GW1, TlsClients.tls(CERTIFICATES, GW2));

    assertThatThrownBy(() -> client.connectWith().simpleAuth().username(GW1)
        .password(GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void usernameOtherThanTheCertificatesDeviceIsRefused() {
    Mqtt5BlockingClient client = TlsClients.client(fixture.tlsPort(), GW2, TlsClients.tls(CERTIFICATES, GW2));

    assertThatThrownBy(() -> client.connectWith().simpleAuth().username(GW1)
        .password(GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
        .isInstanceOfSatisfying(Mqtt5ConnAckException.class, e -> assertThat(e.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
  }

  @Test
  void certificateOfAnUntrustedCaIsRefused() {
    Mqtt5BlockingClient client = TlsClients.client(fixture.tlsPort(), GW1,
        MqttClientSslConfig.builder().trustManagerFactory(CERTIFICATES.trust())
            .keyManagerFactory(STRANGER.keys(GW1)).build());

    assertThatThrownBy(client::connect);
    assertThat(client.getState().isConnected()).isFalse();
  }

  @Test
  void deviceWithoutCertificateStillConnectsWithPassword() {
    Mqtt5BlockingClient client = TlsClients.withPassword(CERTIFICATES, fixture.tlsPort(), GW1, GW1_SECRET);

    assertThat(client.getState().isConnected()).isTrue();
    client.disconnect();
  }

  @Test
  void mosquittoPubWithDeviceCertificatePublishesWithoutPassword() throws Exception {
    String payload = new String(status(202, System.currentTimeMillis(), 420, 31), StandardCharsets.UTF_8);

    Command.Result result = Command.run(List.of("mosquitto_pub", "-h", "127.0.0.1",
        "-p", Integer.toString(fixture.tlsPort()), "--cafile", CERTIFICATES.ca().toString(),
        "--cert", CERTIFICATES.cert(GW1).toString(), "--key", CERTIFICATES.key(GW1).toString(), "-V", "mqttv5",
        "-i", GW1, "-q", "1", "-t", TOPIC, "-m", payload));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = 202", GW1))
        .isEqualTo(1);
  }
}
