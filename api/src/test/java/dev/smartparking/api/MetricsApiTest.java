package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics}: the registry handed to the API, in Prometheus text format. */
class MetricsApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void answersTheRegistryInPrometheusText() {
    api.meters.counter("smartparking.test.probe").increment(3);

    HttpResponse<String> response = api.get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
    assertThat(response.body())
        .contains("# TYPE smartparking_test_probe_total counter")
        .containsPattern("(?m)^smartparking_test_probe_total 3\\.0$");
  }
}
