package dev.smartparking.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.TestCertificates;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulator's flood over TLS against the real server: sockets that follow earlier ones
 * resume their sessions, as reconnecting devices do, while many are in flight at once; with the
 * JDK's client too, which resumes a TLS 1.3 ticket once only.
 */
class SimulatorTlsFloodTest extends AgainstRunningServer {

  private static final TestCertificates CERTIFICATES = TestCertificates.make();
  private static final int IN_FLIGHT = 10;

  @Override
  ServerFixture fixture() {
    return new ServerFixture(config -> config.set("mqtt.tls-port", "0")
        .set("tls.cert-file", CERTIFICATES.serverCert().toString())
        .set("tls.key-file", CERTIFICATES.serverKey().toString()));
  }

  @ParameterizedTest(name = "client TLS: {0}")
  @ValueSource(strings = {"jdk", "openssl"})
  void connectsAfterTheFirstOfEachSessionSlotResume(String provider) {
    SimulatorRun run = SimulatorRun.of(List.of("flood", "--port", Integer.toString(server.mqttTlsPort()),
        "--cafile", CERTIFICATES.ca().toString(), "--tls-provider", provider, "--rate", "100", "--duration", "3s",
        "--in-flight", Integer.toString(IN_FLIGHT), "--timeout", "20s"));

    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject report = new JsonObject(run.out());
    long started = report.getJsonObject("results").getLong("started");
    assertThat(report.getJsonObject("results").getLong("refused")).isEqualTo(started);
    JsonObject tls = report.getJsonObject("tls");
    assertThat(tls.getLong("handshakes")).isEqualTo(started);
    // Each of the IN_FLIGHT slots makes one full handshake; most of the rest resume (a socket that
    // starts before its slot's previous one has its ticket makes a full one).
    assertThat(tls.getLong("resumed")).as(run.err()).isGreaterThan(started / 2);
  }
}
