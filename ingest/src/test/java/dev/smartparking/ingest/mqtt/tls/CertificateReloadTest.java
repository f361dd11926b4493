package dev.smartparking.ingest.mqtt.tls;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.Eventually;
import dev.smartparking.testkit.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CertificateReloadTest {

  private static final Duration RELOAD = Duration.ofMillis(200);
  static final TestCertificates CERTIFICATES = TestCertificates.make();
  /** Made by the same CA, so clients trust both; keys and certificates to copy over the served ones. */
  static final TestCertificates NEXT = CERTIFICATES.sameCa();

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("tls.cert-file", CERTIFICATES.serverCert().toString())
      .with("tls.key-file", CERTIFICATES.serverKey().toString())
      .with("tls.reload-interval", RELOAD.toString());

  @Test
  void replacedCertificateIsServedToNewHandshakesWithoutRestart() throws IOException {
    BigInteger before = TlsClients.servedSerial(CERTIFICATES, fixture.tlsPort());
    CERTIFICATES.remake();
    BigInteger replaced = CERTIFICATES.serverCertificate().getSerialNumber();

    Eventually.within(Duration.ofSeconds(10), "the new certificate served",
        () -> TlsClients.servedSerial(CERTIFICATES, fixture.tlsPort()).equals(replaced));
    assertThat(replaced).isNotEqualTo(before);
    Mqtt5BlockingClient client = TlsClients.withPassword(CERTIFICATES, fixture.tlsPort(), GW1, GW1_SECRET);
    assertThat(client.getState().isConnected()).isTrue();
    client.disconnect();
  }

  @Test
  void keyThatIsNotTheCertificatesKeepsTheOldCertificate() throws IOException {
    BigInteger served = TlsClients.servedSerial(CERTIFICATES, fixture.tlsPort());
    double refusedBefore = refusedReloads();
    NEXT.remake();
    // A new certificate with the old key: a half-done replacement.
    Files.copy(NEXT.serverCert(), CERTIFICATES.serverCert(), StandardCopyOption.REPLACE_EXISTING);

    Eventually.within(Duration.ofSeconds(10), "the mismatched pair refused", () -> refusedReloads() > refusedBefore);
    assertThat(TlsClients.servedSerial(CERTIFICATES, fixture.tlsPort())).isEqualTo(served);

    // The matching key arrives: the pair is whole and taken.
    Files.copy(NEXT.serverKey(), CERTIFICATES.serverKey(), StandardCopyOption.REPLACE_EXISTING);
    BigInteger next = NEXT.serverCertificate().getSerialNumber();
    Eventually.within(Duration.ofSeconds(10), "the completed pair served",
        () -> TlsClients.servedSerial(CERTIFICATES, fixture.tlsPort()).equals(next));
  }

  private static double refusedReloads() {
    return fixture.meters.get("smartparking.tls.reloads").tag("listener", "mqtt").tag("result", "refused")
        .counter().count();
  }
}
