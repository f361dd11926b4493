package dev.smartparking.ingest.mqtt.tls;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static dev.smartparking.ingest.IngestFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MqttTlsTest {

  private static final String TOPIC = "v1/lots/L-1/status";

  static {
    // The JDK's own default refuses TLS 1.0/1.1; lifted here, so the test shows the server's setting refusing it.
    Security.setProperty("jdk.tls.disabledAlgorithms", Security.getProperty("jdk.tls.disabledAlgorithms")
        .replace("TLSv1.1,", "").replace("TLSv1,", ""));
  }

  static final TestCertificates CERTIFICATES = TestCertificates.make();

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("tls.cert-file", CERTIFICATES.serverCert().toString())
      .with("tls.key-file", CERTIFICATES.serverKey().toString());

  @Test
  void deviceWithPasswordPublishesOverTls() {
    Mqtt5BlockingClient client = TlsClients.withPassword(CERTIFICATES, fixture.tlsPort(), GW1, GW1_SECRET);

    client.publishWith().topic(TOPIC).qos(MqttQos.AT_LEAST_ONCE)
        .payload(status(101, System.currentTimeMillis(), 420, 30)).send();

    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = 101", GW1))
        .isEqualTo(1);
    client.disconnect();
  }

  @Test
  void mosquittoPubPublishesOverTls() throws Exception {
    String payload = new String(status(102, System.currentTimeMillis(), 420, 31), StandardCharsets.UTF_8);

    Command.Result result = Command.run(List.of("mosquitto_pub", "-h", "127.0.0.1",
        "-p", Integer.toString(fixture.tlsPort()), "--cafile", CERTIFICATES.ca().toString(), "-V", "mqttv5",
        "-i", GW1, "-u", GW1, "-P", GW1_SECRET, "-q", "1", "-t", TOPIC, "-m", payload));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(fixture.db().count("SELECT count(*) FROM lot_status_events WHERE device_id = ? AND seq = 102", GW1))
        .isEqualTo(1);
  }

  @Test
  void plainTcpToTheTlsPortIsRefused() {
    Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(GW1)
        .serverHost("127.0.0.1").serverPort(fixture.tlsPort()).buildBlocking();

    assertThatThrownBy(() -> client.connectWith().simpleAuth().username(GW1)
        .password(GW1_SECRET.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
    assertThat(client.getState().isConnected()).isFalse();
  }

  @Test
  void tls11HandshakeIsRefused() throws IOException, InterruptedException {
    Command.Result tls12 = handshake("-tls1_2");
    Command.Result tls11 = handshake("-tls1_1");

    assertThat(tls12.exitCode()).as("TLS 1.2, the same client otherwise: %s", tls12.output()).isZero();
    assertThat(tls11.exitCode()).as(tls11.output()).isNotZero();
  }

  private static Command.Result handshake(String version) throws IOException, InterruptedException {
    // SECLEVEL=0: OpenSSL 3 would not offer TLS 1.1's signatures otherwise.
    return Command.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + fixture.tlsPort(), version,
        "-cipher", "DEFAULT@SECLEVEL=0", "-CAfile", CERTIFICATES.ca().toString(), "-verify_return_error"));
  }

  @Test
  void plainTcpPortStillServesAlongsideTls() {
    Mqtt5BlockingClient client = fixture.connect5(GW1, GW1_SECRET);

    assertThat(client.getState().isConnected()).isTrue();
    assertThat(fixture.port()).isNotEqualTo(fixture.tlsPort());
    client.disconnect();
  }
}
