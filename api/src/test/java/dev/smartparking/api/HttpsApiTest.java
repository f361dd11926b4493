package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smartparking.testkit.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With http.tls, the API answers over HTTPS with the configured certificate, and not over plain HTTP. */
class HttpsApiTest {

  static final TestCertificates CERTIFICATES = TestCertificates.make();

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(config -> config
      .set("http.tls", "true")
      .set("tls.cert-file", CERTIFICATES.serverCert().toString())
      .set("tls.key-file", CERTIFICATES.serverKey().toString()));

  @Test
  void answersOverHttpsWithTheConfiguredCertificate() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, CERTIFICATES.trust().getTrustManagers(), null);
    HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port() + "/api/v1/availability"))
            .header("Authorization", "Bearer " + ApiFixture.READER_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.sslSession()).hasValueSatisfying(session ->
        assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
  }

  @Test
  void plainHttpIsNotAnswered() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    assertThatThrownBy(() -> client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/health/live"))
            .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }
}
