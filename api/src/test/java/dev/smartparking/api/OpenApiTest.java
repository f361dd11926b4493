package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /openapi.yaml} and {@code /openapi.json} serve the contract, open to all
 * ({@link EveryOperationAnswersItsSchemaTest} holds the server to it).
 */
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

  @Test
  void servesTheSameContractAsJson() {
    HttpResponse<String> yaml = api.get("/openapi.yaml");
    HttpResponse<String> json = api.get("/openapi.json");

    assertThat(json.statusCode()).isEqualTo(200);
    JsonObject document = ApiFixture.json(json);
    assertThat(document.getString("openapi")).startsWith("3.");
    // Every path and operation id of the YAML is in the JSON, and nothing else.
    assertThat(document.getJsonObject("paths").fieldNames()).hasSizeGreaterThan(30)
        .allSatisfy(path -> assertThat(yaml.body()).contains("\n  " + path + ":\n"));
    assertThat(yaml.body().split("\n  /", -1)).hasSize(document.getJsonObject("paths").size() + 1);
    assertThat(document.getJsonObject("paths").getJsonObject("/api/v1/lots").getJsonObject("get")
        .getString("operationId")).isEqualTo("listLots");
  }
}
