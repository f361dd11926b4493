package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A lot's static data (docs/catalogue.md, "Static lot data") in {@code GET /api/v1/lots/{lotId}},
 * as the catalogue registered it; absent fields absent. Lists and nearby keep the short shape.
 */
class LotStaticDataApiTest {

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  private static final JsonObject FEE = new JsonObject().put("currency", "CNY").put("free_minutes", 15)
      .put("per_hour", 2.0).put("daily_max", 20.0);
  private static final JsonArray ENTRANCES = new JsonArray()
      .add(new JsonObject().put("id", "E1").put("lat", 35.2401).put("lon", 113.2398).put("kind", "in"));
  private static final JsonObject SPOTS = new JsonObject().put("normal", 400).put("disabled", 8).put("ev_charging", 12);

  @BeforeAll
  static void importLots() {
    JsonObject catalogue = new JsonObject()
        .put("districts", new JsonArray().add(new JsonObject().put("code", "410802").put("name", "解放区")))
        .put("lots", new JsonArray()
            .add(new JsonObject().put("id", "L-full").put("name", "人民公园停车场").put("district", "410802")
                .put("lat", 35.24).put("lon", 113.24).put("capacity", 420).put("counting", "status")
                .put("operator", "焦作市停车管理有限公司").put("address", "人民路 1 号").put("phone", "0391-1234567")
                .put("opening_hours", "Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00").put("fee_text", "15 分钟内免费，每小时 2 元")
                .put("fee", FEE).put("entrances", ENTRANCES).put("spots", SPOTS))
            .add(new JsonObject().put("id", "L-bare").put("name", "塔南路停车场").put("district", "410802")
                .put("lat", 35.25).put("lon", 113.25).put("capacity", 50).put("counting", "status")));
    HttpResponse<String> imported = api.post("/api/v1/admin/catalogue", ApiFixture.ADMIN_TOKEN, catalogue.encode());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    api.await("/api/v1/lots/L-bare", lot -> true);
  }

  @Test
  void theLotCarriesItsStaticDataAfterItsState() {
    JsonObject lot = new JsonObject(api.get("/api/v1/lots/L-full", ApiFixture.READER_TOKEN).body());

    assertThat(lot.getString("operator")).isEqualTo("焦作市停车管理有限公司");
    assertThat(lot.getString("address")).isEqualTo("人民路 1 号");
    assertThat(lot.getString("phone")).isEqualTo("0391-1234567");
    assertThat(lot.getString("opening_hours")).isEqualTo("Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00");
    assertThat(lot.getString("fee_text")).isEqualTo("15 分钟内免费，每小时 2 元");
    assertThat(lot.getJsonObject("fee")).isEqualTo(FEE);
    assertThat(lot.getJsonArray("entrances")).isEqualTo(ENTRANCES);
    assertThat(lot.getJsonObject("spots")).isEqualTo(SPOTS);
    assertThat(lot.getString("state")).isEqualTo("unknown");
  }

  @Test
  void aLotWithoutStaticDataHasNoneOfItsFields() {
    JsonObject lot = new JsonObject(api.get("/api/v1/lots/L-bare", ApiFixture.READER_TOKEN).body());

    assertThat(lot.fieldNames()).doesNotContain("operator", "address", "phone", "opening_hours", "fee_text", "fee",
        "entrances", "spots");
  }

  @Test
  void listsKeepTheShortShape() {
    JsonObject page = new JsonObject(api.get("/api/v1/lots?district=410802", ApiFixture.READER_TOKEN).body());

    page.getJsonArray("lots").forEach(lot -> assertThat(((JsonObject) lot).fieldNames()).doesNotContain("operator"));
  }
}
