package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The API configured with a database port nothing listens on. */
class StorageDownApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.storageDown();

  @Test
  void liveIsStillUp() {
    assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void readyIsUnavailable() {
    HttpResponse<String> response = api.get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    ApiFixture.assertNoStackTrace(response);
    JsonObject body = ApiFixture.json(response);
    assertThat(body.getString("status")).isEqualTo("down");
    assertThat(body.getJsonObject("checks").getString("storage")).startsWith("down");
    assertThat(body.getJsonObject("checks").getString("availability")).isEqualTo("down: loading");
  }

  @Test
  void queryAnswersStorageUnavailable() {
    HttpResponse<String> response = api.get("/api/v1/availability", READER_TOKEN);

    ApiFixture.assertError(response, 503, "storage_unavailable");
  }

  @Test
  void credentialsAreCheckedBeforeStorage() {
    HttpResponse<String> response = api.get("/api/v1/availability");

    ApiFixture.assertError(response, 401, "unauthorized");
  }
}
