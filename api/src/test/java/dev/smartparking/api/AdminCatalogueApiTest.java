package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.READER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.secret.SecretDigest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /api/v1/admin/catalogue} (docs/catalogue.md). Tests use ids of their own. */
class AdminCatalogueApiTest {

  private static final String PATH = "/api/v1/admin/catalogue";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void importAnswersCountsAndIssuedSecrets() {
    HttpResponse<String> response = api.post(PATH, ADMIN_TOKEN, """
        {"districts": [{"code": "410802", "name": "解放区"}],
         "units": [{"id": "U-01", "name": "住建局"}],
         "lots": [
           {"id": "L-1", "name": "人民公园", "district": "410802", "lat": 35.24, "lon": 113.24,
            "capacity": 420, "counting": "status"},
           {"id": "S-1", "name": "民主路", "district": "410802", "lat": 35.24, "lon": 113.23,
            "capacity": 3, "counting": "bays", "bays": ["A-1", "A-2", "A-3"]}],
         "covers": [{"id": "C-1", "unit": "U-01", "district": "410802", "lat": 35.2, "lon": 113.2}],
         "devices": [
           {"id": "gw-L-1", "kind": "lot_gateway", "lots": ["L-1"]},
           {"id": "gw-S-1", "kind": "bay_gateway", "lots": ["S-1"], "secret": "given-secret-Hq4vX9tLw2"},
           {"id": "cs-C-1", "kind": "cover_sensor", "covers": ["C-1"]}]}""");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonObject body = ApiFixture.json(response);
    assertThat(body.copy().put("issued_secrets", null)).isEqualTo(new JsonObject()
        .put("districts", 1).put("units", 1).put("lots", 2).put("bays", 3).put("covers", 1).put("devices", 3)
        .put("issued_secrets", null).put("changed", true));
    JsonObject issued = body.getJsonObject("issued_secrets");
    assertThat(issued.fieldNames()).containsExactlyInAnyOrder("gw-L-1", "cs-C-1");
    assertThat(SecretDigest.matches(issued.getString("gw-L-1"), storedHash("gw-L-1"))).isTrue();
    assertThat(SecretDigest.matches(issued.getString("cs-C-1"), storedHash("cs-C-1"))).isTrue();
  }

  @Test
  void importedLotIsServedAsUnknownUntilItReports() {
    api.post(PATH, ADMIN_TOKEN, """
        {"districts": [{"code": "D-served", "name": "served"}],
         "lots": [{"id": "L-served", "name": "served lot", "district": "D-served", "lat": 1.5, "lon": 2.5,
                   "capacity": 77, "counting": "status"}]}""");

    // served once the import's registry_changed notification reached the view
    JsonObject lot = api.await("/api/v1/lots/L-served", served -> true);

    assertThat(lot.getString("district")).isEqualTo("D-served");
    assertThat(lot.getInteger("total")).isEqualTo(77);
    assertThat(lot.getString("state")).isEqualTo("unknown");
  }

  @Test
  void unknownDistrictIsAnInvalidCatalogueNamingThePath() {
    HttpResponse<String> response = api.post(PATH, ADMIN_TOKEN, """
        {"districts": [{"code": "D-refused", "name": "refused"}],
         "lots": [{"id": "L-refused", "name": "x", "district": "410899", "lat": 1, "lon": 1,
                   "capacity": 1, "counting": "status"}]}""");

    JsonObject error = ApiFixture.assertError(response, 400, "invalid_catalogue");
    assertThat(error.getString("message")).isEqualTo("lots[0].district: unknown district '410899'");
    assertThat(api.db().count("SELECT count(*) FROM districts WHERE code = 'D-refused'")).isZero();
  }

  @Test
  void ruleBrokenInTheDocumentIsAnInvalidCatalogueNamingThePath() {
    HttpResponse<String> response = api.post(PATH, ADMIN_TOKEN, """
        {"lots": [{"id": "L-bad", "name": "x", "district": "410802", "lat": 1, "lon": 1,
                   "capacity": 100001, "counting": "status"}]}""");

    JsonObject error = ApiFixture.assertError(response, 400, "invalid_catalogue");
    assertThat(error.getString("message")).startsWith("lots[0].capacity:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[]", "{\"lots\": ["})
  void bodyThatIsNotAJsonObjectIsAnInvalidCatalogue(String body) {
    HttpResponse<String> response = api.post(PATH, ADMIN_TOKEN, body);

    ApiFixture.assertError(response, 400, "invalid_catalogue");
  }

  @Test
  void emptyBodyIsAnInvalidCatalogue() {
    HttpResponse<String> response = api.post(PATH, ADMIN_TOKEN, "");

    ApiFixture.assertError(response, 400, "invalid_catalogue");
  }

  private static byte[] storedHash(String deviceId) {
    return (byte[]) api.db().rows("SELECT secret_sha256 FROM devices WHERE id = ?", deviceId).get(0)
        .get("secret_sha256");
  }
}
