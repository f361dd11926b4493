package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Errors outside the resources' own checks are JSON too, never a stack trace. The database is
 * left unmigrated, so loading lot state meets a missing table: an unexpected failure.
 */
class ErrorsApiTest {

  private static final int MAX_BODY_BYTES = 1024;

  @RegisterExtension
  static final ApiFixture api =
      ApiFixture.unmigrated(config -> config.set("http.max-body-bytes", Integer.toString(MAX_BODY_BYTES)));

  @Test
  void unexpectedFailureIsAnInternalErrorWithoutStackTrace() {
    // 503 while the first load of lot state is still under way
    HttpResponse<String> response = api.awaitAnswer("/api/v1/availability", answer -> answer.statusCode() != 503);

    assertThat(ApiFixture.assertError(response, 500, "internal").getString("message"))
        .doesNotContain("lot_state", "districts", "relation");
  }

  @Test
  void unknownPathIsNotFound() {
    ApiFixture.assertError(api.get("/api/v1/nothing-here", READER_TOKEN), 404, "not_found");
  }

  @Test
  void wrongMethodIsNotAllowed() {
    HttpResponse<String> response = api.send(api.request("/api/v1/availability", READER_TOKEN)
        .DELETE());

    ApiFixture.assertError(response, 405, "method_not_allowed");
  }

  @Test
  void bodyLargerThanConfiguredIsRefused() {
    String body = "{\"districts\": [], \"padding\": \"" + "x".repeat(MAX_BODY_BYTES) + "\"}";

    HttpResponse<String> response = api.send(api.request("/api/v1/admin/catalogue", ADMIN_TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));

    ApiFixture.assertError(response, 413, "payload_too_large");
  }
}
