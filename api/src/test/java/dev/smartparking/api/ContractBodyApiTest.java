package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static dev.smartparking.api.ApiFixture.OPERATOR_TOKEN;
import static dev.smartparking.api.CoverAlarmRows.alarmId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request bodies are held to their operation's {@code requestBody} schema in {@code openapi.yaml}
 * before a resource runs: a wrong type, a missing required field, a broken pattern or length, an
 * unknown field is a 400 naming the field (its JSON pointer) and the contract's rule, and nothing
 * is changed. One body-carrying operation after another: token issue, alarm ack and resolve,
 * catalogue import.
 */
class ContractBodyApiTest {

  private static final String TOKENS = "/api/v1/admin/tokens";
  private static final String CATALOGUE = "/api/v1/admin/catalogue";

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();
  private static CoverAlarmRows rows;

  @BeforeAll
  static void seed() {
    rows = new CoverAlarmRows(api.db());
    rows.unit("U-body", "Unit body", "410825");
    rows.cover("C-body-1", "U-body", "410825");
    rows.cover("C-body-2", "U-body", "410825");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"role\": \"reader\", \"label\": 5}                         | label:      | /label      | type",
      "{\"label\": \"no role\"}                                     | role:       | /role       | required",
      "{\"role\": \"guest\", \"label\": \"x\"}                      | role:       | /role       | enum",
      "{\"role\": \"reader\", \"label\": \"x\", \"unit\": \"not an id\"} | unit:  | /unit       | pattern",
      "{\"role\": \"reader\", \"label\": \"\"}                       | label:      | /label      | minLength",
      "{\"role\": \"reader\", \"label\": \"x\", \"scope\": \"city\"}  | scope:      | /scope      | additionalProperties",
      "[\"reader\"]                                                 | body:       | /           | type"})
  void tokenRequestOutsideTheContractIsRefusedNamingTheFieldAndTheRule(String body, String named, String pointer,
      String rule) {
    long before = api.db().count("SELECT count(*) FROM api_tokens");

    JsonObject error = ApiFixture.assertError(api.post(TOKENS, ADMIN_TOKEN, body), 400, "bad_parameter");

    assertThat(error.getString("message")).startsWith(named).contains("at " + pointer, "the contract wants " + rule);
    assertThat(api.db().count("SELECT count(*) FROM api_tokens")).isEqualTo(before);
  }

  @Test
  void tokenRequestTheContractAcceptsIsIssued() {
    HttpResponse<String> response = api.post(TOKENS, ADMIN_TOKEN,
        "{\"role\": \"operator\", \"label\": \"body check\", \"unit\": \"U-body\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ack     | {\"note\": 12}                 | note:  | /note  | type",
      "ack     | {\"notes\": \"typo\"}          | notes: | /notes | additionalProperties",
      "resolve | {\"note\": [\"a\"]}            | note:  | /note  | type",
      "resolve | \"just a string\"             | body:  | /      | type"})
  void alarmNoteOutsideTheContractIsRefusedNamingTheFieldAndTheRule(String action, String body, String named,
      String pointer, String rule) {
    long id = rows.raise("C-body-1", "tilt");
    try {
      JsonObject error = ApiFixture.assertError(act(id, action, body), 400, "bad_parameter");

      assertThat(error.getString("message")).startsWith(named).contains("at " + pointer, "the contract wants " + rule);
      assertThat(rows.events(id)).hasSize(1);
    } finally {
      act(id, "resolve", "");
    }
  }

  @Test
  void alarmNoteOfAThousandOneCharactersBreaksTheContractsMaxLength() {
    long id = rows.raise("C-body-2", "tilt");
    try {
      JsonObject error = ApiFixture.assertError(
          act(id, "ack", new JsonObject().put("note", "井".repeat(1001)).encode()), 400, "bad_parameter");

      assertThat(error.getString("message")).startsWith("note:").contains("the contract wants maxLength");
    } finally {
      act(id, "resolve", "");
    }
  }

  @Test
  void alarmNoteTheContractAcceptsIsKept() {
    long id = rows.raise("C-body-2", "gas");

    HttpResponse<String> response = act(id, "ack", "{\"note\": \"crew sent\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.db().count(
        "SELECT count(*) FROM cover_alarm_events WHERE alarm_id = ? AND note = 'crew sent'", id)).isEqualTo(1);
    act(id, "resolve", "");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"lots\": 5}                          | lots:    | /lots    | type",
      "{\"districts\": [\"410802\"]}           | districts/0: | /districts/0 | type",
      "[]                                     | body:    | /        | type"})
  void catalogueOutsideTheContractIsAnInvalidCatalogueNamingTheFieldAndTheRule(String body, String named,
      String pointer, String rule) {
    JsonObject error = ApiFixture.assertError(api.post(CATALOGUE, ADMIN_TOKEN, body), 400, "invalid_catalogue");

    assertThat(error.getString("message")).startsWith(named).contains("at " + pointer, "the contract wants " + rule);
  }

  @Test
  void catalogueTheContractAcceptsIsImported() {
    HttpResponse<String> response = api.post(CATALOGUE, ADMIN_TOKEN,
        "{\"districts\": [{\"code\": \"D-body\", \"name\": \"body\"}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.db().count("SELECT count(*) FROM districts WHERE code = 'D-body'")).isEqualTo(1);
  }

  private static HttpResponse<String> act(long id, String action, String body) {
    return api.post("/api/v1/covers/alarms/" + alarmId(id) + "/" + action, OPERATOR_TOKEN, body);
  }
}
