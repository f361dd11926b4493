package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.yaml} serves the contract, open to all. */
class OpenApiTest {

  private static ApiFixture api;

  @BeforeAll
  static void start() {
    api = ApiFixture.start();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void servesTheContractWithoutToken() {
    HttpResponse<String> response = api.get("/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/yaml"));
    assertThat(response.body()).startsWith("openapi: 3").contains("/api/v1/availability:", "/api/v1/lots/{lotId}:");
  }
}
