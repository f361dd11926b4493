package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests are held to {@code openapi.yaml} before a resource runs: a value outside what the
 * contract states for a parameter (bound, enum, pattern, required) is a 400 naming the parameter
 * and the contract's rule, the resources themselves no longer checking those.
 */
class ContractCheckApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @BeforeAll
  static void seed() {
    api.district("410802", "解放区");
    api.lot("L-1", "410802", 100);
  }

  @ParameterizedTest
  @CsvSource({
      "/api/v1/lots?limit=1001, limit, 1000",
      "/api/v1/lots?min_free=-1, min_free, 0",
      "/api/v1/lots?district=not%20an%20id, district, pattern",
      "/api/v1/lots/nearby?lat=35.2&lon=113.2&radius_m=50001, radius_m, 50000",
      "/api/v1/lots/nearby?lat=95&lon=113.2&radius_m=100, lat, 90",
      "/api/v1/covers/alarms?status=closed, status, acknowledged",
      "/api/v1/lots/L-1/occupancy?step=2m, step, 15m",
      "/api/v1/reports/covers?format=xml, format, csv"})
  void valueOutsideTheContractIsRefusedNamingTheParameterAndTheRule(String path, String parameter, String rule) {
    HttpResponse<String> response = api.get(path, READER_TOKEN);

    JsonObject error = ApiFixture.assertError(response, 400, "bad_parameter");
    assertThat(error.getString("message")).startsWith(parameter + ":").contains("the contract wants", rule);
  }

  @Test
  void anAdminParameterOutsideItsEnumIsRefusedToo() {
    HttpResponse<String> response = api.get("/api/v1/admin/devices?kind=toaster", ADMIN_TOKEN);

    assertThat(ApiFixture.assertError(response, 400, "bad_parameter").getString("message")).startsWith("kind:");
  }

  @Test
  void aValueTheContractAllowsIsServed() {
    assertThat(api.get("/api/v1/lots?limit=1000&min_free=0&district=410802", READER_TOKEN).statusCode())
        .isEqualTo(200);
  }

  @Test
  void aBadTokenIsRefusedBeforeAnyParameterIsLookedAt() {
    ApiFixture.assertError(api.get("/api/v1/lots?limit=1001"), 401, "unauthorized");
    ApiFixture.assertError(api.get("/api/v1/lots?limit=1001", "not-a-token"), 401, "unauthorized");
  }

  @Test
  void onTheNgsiLdPathAViolationIsBadRequestData() {
    HttpResponse<String> response = api.get("/ngsi-ld/v1/entities?type=OffStreetParking&limit=1001", READER_TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonObject problem = new JsonObject(response.body());
    assertThat(problem.getString("title")).isEqualTo("BadRequestData");
    assertThat(problem.getString("detail")).startsWith("limit:").contains("1000");
  }
}
