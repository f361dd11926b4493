package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.ApiFixture.assertError;
import static dev.smartparking.api.ApiFixture.json;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issuing, listing and revoking tokens at run time ({@code /api/v1/admin/tokens}, API.md Access). */
class TokenAdminApiTest {

  private static final String TOKENS = "/api/v1/admin/tokens";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  private static CoverAlarmRows rows;

  @BeforeAll
  static void seed() {
    rows = new CoverAlarmRows(api.db());
    rows.unit("U-01", "温县住建局", "410825");
    rows.cover("C-1", "U-01", "410825");
  }

  private static JsonObject request(String role, String label) {
    return new JsonObject().put("role", role).put("label", label);
  }

  @Test
  void issuesAUnitTokenShowingItOnlyOnce() {
    JsonObject issued = api.issueToken(request("operator", "温县住建局值班").put("unit", "U-01"));

    assertThat(issued.fieldNames()).containsExactlyInAnyOrder("id", "token", "role", "label", "unit");
    assertThat(issued.getString("id")).matches("T-\\d{6}");
    assertThat(issued.getString("token")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(issued.getString("unit")).isEqualTo("U-01");
    assertThat(issued.getString("label")).isEqualTo("温县住建局值班");
    HttpResponse<String> list = api.get(TOKENS, ADMIN_TOKEN);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(issued.getString("token"));
    JsonObject listed = find(json(list).getJsonArray("tokens"), issued.getString("id"));
    assertThat(listed.fieldNames()).containsExactlyInAnyOrder("id", "role", "label", "unit", "issued_at");
    assertThat(api.db().count("SELECT count(*) FROM api_tokens WHERE digest = sha256(convert_to(?, 'UTF8'))",
        issued.getString("token"))).as("stored as its SHA-256").isEqualTo(1);
  }

  @Test
  void anIssuedTokenActsWithItsRoleAtOnce() {
    String token = api.issueToken(request("reader", "city dashboard")).getString("token");

    assertThat(api.get("/api/v1/covers/C-1", token).statusCode()).isEqualTo(200);
    assertError(api.post("/api/v1/covers/alarms/A-000001/ack", token, ""), 403, "forbidden");
  }

  @Test
  void aRevokedTokenIsRefusedAtOnce() {
    JsonObject issued = api.issueToken(request("reader", "to revoke").put("district", "410825"));
    assertThat(api.get("/api/v1/covers/C-1", issued.getString("token")).statusCode()).isEqualTo(200);

    HttpResponse<String> revoked = api.delete(TOKENS + "/" + issued.getString("id"), ADMIN_TOKEN);

    assertThat(revoked.statusCode()).isEqualTo(204);
    assertError(api.get("/api/v1/covers/C-1", issued.getString("token")), 401, "unauthorized");
    assertError(api.delete(TOKENS + "/" + issued.getString("id"), ADMIN_TOKEN), 404, "not_found");
    assertThat(api.get(TOKENS, ADMIN_TOKEN).body()).doesNotContain("\"" + issued.getString("id") + "\"");
  }

  @Test
  void refusesAnUnknownRole() {
    assertThat(refusal(request("superuser", "x"))).startsWith("role:");
  }

  @Test
  void refusesAnUnknownUnit() {
    assertThat(refusal(request("operator", "x").put("unit", "U-99"))).startsWith("unit:");
  }

  @Test
  void refusesAnUnknownDistrict() {
    assertThat(refusal(request("operator", "x").put("district", "999999"))).startsWith("district:");
  }

  @Test
  void refusesAScopedAdmin() {
    assertThat(refusal(request("admin", "x").put("unit", "U-01"))).startsWith("role:");
  }

  @Test
  void refusesAUnitAndADistrictTogether() {
    assertThat(refusal(request("reader", "x").put("unit", "U-01").put("district", "410825")))
        .startsWith("district:");
  }

  @Test
  void refusesAMissingLabel() {
    assertThat(refusal(new JsonObject().put("role", "reader"))).startsWith("label:");
  }

  @Test
  void onlyAnAdminIssuesTokens() {
    assertError(api.post(TOKENS, OPERATOR_TOKEN, request("reader", "x").encode()), 403, "forbidden");
    assertThat(api.db().count("SELECT count(*) FROM api_tokens WHERE label = 'x'")).isZero();
  }

  @Test
  void theTokensLabelIsWhoActedOnAnAlarm() {
    String alarm = alarmId(rows.raise("C-1", "gas"));
    String token = api.issueToken(request("operator", "温县住建局值班").put("unit", "U-01")).getString("token");

    HttpResponse<String> acked = api.post("/api/v1/covers/alarms/" + alarm + "/ack", token, "");

    assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
    assertThat(json(acked).getString("acknowledged_by")).isEqualTo("温县住建局值班");
  }

  @Test
  void countsTokensIssuedAndRevoked() {
    double issuedBefore = api.meters.counter("smartparking.api.tokens.issued").count();
    double revokedBefore = api.meters.counter("smartparking.api.tokens.revoked").count();
    JsonObject issued = api.issueToken(request("reader", "counted"));
    api.delete(TOKENS + "/" + issued.getString("id"), ADMIN_TOKEN);

    assertThat(api.meters.counter("smartparking.api.tokens.issued").count()).isEqualTo(issuedBefore + 1);
    assertThat(api.meters.counter("smartparking.api.tokens.revoked").count()).isEqualTo(revokedBefore + 1);
    assertThat(api.meters.scrape()).contains("smartparking_api_tokens_active");
  }

  /** The message of the 400 a token request gets; nothing is stored. */
  private static String refusal(JsonObject request) {
    long before = api.db().count("SELECT count(*) FROM api_tokens");
    String message = assertError(api.post(TOKENS, ADMIN_TOKEN, request.encode()), 400, "bad_parameter")
        .getString("message");
    assertThat(api.db().count("SELECT count(*) FROM api_tokens")).isEqualTo(before);
    return message;
  }

  private static JsonObject find(JsonArray tokens, String id) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.getJsonObject(i).getString("id").equals(id)) {
        return tokens.getJsonObject(i);
      }
    }
    throw new AssertionError("no token " + id + " in " + tokens);
  }
}
