package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    // The kind of fault, never the exception's text (a host, a port, a driver's words).
    assertThat(body.getJsonObject("checks").getString("storage")).isEqualTo("down: storage unavailable");
    assertThat(body.getJsonObject("checks").getString("availability")).isEqualTo("down: loading");
  }

  @Test
  void queryAnswersStorageUnavailable() {
    HttpResponse<String> response = api.get("/api/v1/availability", READER_TOKEN);

    ApiFixture.assertError(response, 503, "storage_unavailable");
  }

  static Stream<String> listings() {
    String since = Instant.now().minus(Duration.ofHours(1)).toString();
    return Stream.of(
        "/api/v1/lots",
        "/api/v1/lots/nearby?lat=35&lon=113&radius_m=100",
        "/api/v1/admin/rejected?since=" + since,
        "/api/v1/admin/message-counts?since=" + since);
  }

  @ParameterizedTest
  @MethodSource("listings")
  void listingsAnswerStorageUnavailable(String path) {
    ApiFixture.assertError(api.get(path, ADMIN_TOKEN), 503, "storage_unavailable");
  }

  @Test
  void parametersAreCheckedBeforeStorage() {
    ApiFixture.assertError(api.get("/api/v1/lots?limit=0", READER_TOKEN), 400, "bad_parameter");
  }

  @Test
  void credentialsAreCheckedBeforeStorage() {
    HttpResponse<String> response = api.get("/api/v1/availability");

    ApiFixture.assertError(response, 401, "unauthorized");
  }
}
