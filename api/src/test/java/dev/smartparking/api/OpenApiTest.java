package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /openapi.yaml} serves the contract, open to all. */
class OpenApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void servesTheContractWithoutToken() {
    HttpResponse<String> response = api.get("/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/yaml"));
    assertThat(response.body()).startsWith("openapi: 3").contains("/api/v1/availability:", "/api/v1/lots/{lotId}:",
        "/api/v1/lots/{lotId}/occupancy:");
  }
}
