package dev.smartparking.api;

import static dev.smartparking.api.ApiFixture.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A catalogue import outlasts the API's query timeout: its statements grow with the city (ten
 * times Jiaozuo took longer than the default 5 s), so it runs under a timeout of its own. The
 * API here cuts every query at 1 ms, which any import statement of a few thousand rows exceeds.
 */
class LargeCatalogueImportApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.configured(config -> config.set("http.statement-timeout", "PT0.001S"));

  @Test
  void importsACatalogueWhoseStatementsOutlastTheQueryTimeout() {
    JsonArray covers = new JsonArray();
    JsonArray devices = new JsonArray();
    for (int i = 0; i < 5000; i++) {
      covers.add(new JsonObject().put("id", "C-" + i).put("unit", "U-1").put("district", "410802")
          .put("lat", 35.2).put("lon", 113.2));
      devices.add(new JsonObject().put("id", "cs-C-" + i).put("kind", "cover_sensor")
          .put("covers", new JsonArray().add("C-" + i)));
    }
    JsonObject catalogue = new JsonObject()
        .put("districts", new JsonArray().add(new JsonObject().put("code", "410802").put("name", "解放区")))
        .put("units", new JsonArray().add(new JsonObject().put("id", "U-1").put("name", "解放区城管局")))
        .put("covers", covers)
        .put("devices", devices);

    HttpResponse<String> response = api.post("/api/v1/admin/catalogue", ADMIN_TOKEN, catalogue.encode());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(api.db().count("SELECT count(*) FROM covers")).isEqualTo(5000);
  }
}
