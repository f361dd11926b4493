package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;


/** Bearer tokens and roles (API.md, Access). */
class AuthApiTest {

  private static final String DOCUMENT = "{\"districts\": [{\"code\": \"410802\", \"name\": \"解放区\"}]}";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void requestWithoutTokenIsUnauthorizedWithAChallenge() {
    HttpResponse<String> response = api.get("/api/v1/availability");

    ApiFixture.assertError(response, 401, "unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void unknownTokenIsUnauthorized() {
    HttpResponse<String> response = api.get("/api/v1/availability", "not-a-token");

    ApiFixture.assertError(response, 401, "unauthorized");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void otherSchemeThanBearerIsUnauthorized() {
    HttpResponse<String> response =
        api.send(api.request("/api/v1/availability", null).header("Authorization", "Basic " + READER_TOKEN).GET());

    ApiFixture.assertError(response, 401, "unauthorized");
  }

  @Test
  void readerTokenOnTheAdminEndpointIsForbidden() {
    HttpResponse<String> response = api.post("/api/v1/admin/catalogue", READER_TOKEN, DOCUMENT);

    ApiFixture.assertError(response, 403, "forbidden");
    assertThat(api.db().count("SELECT count(*) FROM districts")).isZero();
  }

  @Test
  void operatorTokenOnTheAdminEndpointIsForbidden() {
    HttpResponse<String> response = api.post("/api/v1/admin/catalogue", OPERATOR_TOKEN, DOCUMENT);

    ApiFixture.assertError(response, 403, "forbidden");
  }

  @ParameterizedTest
  @ValueSource(strings = {READER_TOKEN, OPERATOR_TOKEN, ADMIN_TOKEN})
  void everyRoleMayRead(String token) {
    assertThat(api.get("/api/v1/availability", token).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/lots",
      "/api/v1/lots/nearby?lat=35&lon=113&radius_m=100",
      "/api/v1/admin/rejected?since=2026-01-01T00:00:00Z",
      "/api/v1/admin/message-counts?since=2026-01-01T00:00:00Z"})
  void listingsNeedAToken(String path) {
    ApiFixture.assertError(api.get(path), 401, "unauthorized");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/v1/lots", "/api/v1/lots/nearby?lat=35&lon=113&radius_m=100"})
  void readerMayListAndSearchLots(String path) {
    assertThat(api.get(path, READER_TOKEN).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/admin/rejected?since=2026-01-01T00:00:00Z",
      "/api/v1/admin/message-counts?since=2026-01-01T00:00:00Z"})
  void readerMayNotReadTheAuditResources(String path) {
    ApiFixture.assertError(api.get(path, READER_TOKEN), 403, "forbidden");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/api/v1/admin/rejected?since=2026-01-01T00:00:00Z",
      "/api/v1/admin/message-counts?since=2026-01-01T00:00:00Z"})
  void operatorMayNotReadTheAuditResources(String path) {
    ApiFixture.assertError(api.get(path, OPERATOR_TOKEN), 403, "forbidden");
  }

  /** Asked from a day ago: the audit resources answer at most 31 days at a time. */
  static List<String> auditResources() {
    String since = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
    return List.of("/api/v1/admin/rejected?since=" + since, "/api/v1/admin/message-counts?since=" + since);
  }

  @ParameterizedTest
  @MethodSource("auditResources")
  void adminMayReadTheAuditResources(String path) {
    assertThat(api.get(path, ADMIN_TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenIsCheckedBeforeParameters() {
    ApiFixture.assertError(api.get("/api/v1/admin/rejected?limit=0", READER_TOKEN), 403, "forbidden");
  }

  @Test
  void schemeIsCaseInsensitive() {
    HttpResponse<String> response =
        api.send(api.request("/api/v1/availability", null).header("Authorization", "bearer " + READER_TOKEN).GET());

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void healthAndMetricsNeedNoToken() {
    assertThat(api.get("/health/live").statusCode()).isEqualTo(200);
    assertThat(api.get("/metrics").statusCode()).isEqualTo(200);
  }
}
