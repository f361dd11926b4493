package dev.smartparking.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A lot's static data in the catalogue (docs/catalogue.md, "Static lot data"): kept as given, checked, optional. */
class LotDetailsParserTest {

  private static JsonObject lot() {
    return new JsonObject().put("id", "L-1").put("name", "人民公园停车场").put("district", "410802")
        .put("lat", 35.24).put("lon", 113.24).put("capacity", 420).put("counting", "status");
  }

  private static LotDetails details(JsonObject lot) {
    return CatalogueParser.parse(new JsonObject().put("lots", new JsonArray().add(lot))).lots().get(0).details();
  }

  private static void refused(JsonObject lot, String message) {
    assertThatThrownBy(() -> details(lot)).isInstanceOf(CatalogueException.class).hasMessageContaining(message);
  }

  @Test
  void everyFieldIsKeptAsGiven() {
    LotDetails d = details(lot()
        .put("operator", "焦作市停车管理有限公司").put("address", "解放区人民路 1 号").put("phone", "+86 391 123-4567")
        .put("opening_hours", "Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00").put("fee_text", "首小时 5 元，之后每小时 2 元")
        .put("fee", new JsonObject().put("currency", "CNY").put("free_minutes", 15).put("first_hour", 5)
            .put("per_hour", 2).put("daily_max", 20))
        .put("entrances", new JsonArray().add(new JsonObject().put("id", "E1").put("lat", 35.2401).put("lon", 113.2398)
            .put("kind", "in")).add(new JsonObject().put("id", "X1").put("lat", 35.2405).put("lon", 113.2391)))
        .put("spots", new JsonObject().put("normal", 400).put("disabled", 8).put("ev_charging", 12)));

    assertThat(d.operator()).isEqualTo("焦作市停车管理有限公司");
    assertThat(d.address()).isEqualTo("解放区人民路 1 号");
    assertThat(d.phone()).isEqualTo("+86 391 123-4567");
    assertThat(d.openingHours()).isEqualTo("Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00");
    assertThat(d.feeText()).isEqualTo("首小时 5 元，之后每小时 2 元");
    assertThat(d.fee()).isEqualTo(new JsonObject().put("currency", "CNY").put("free_minutes", 15)
        .put("per_hour", 2.0).put("first_hour", 5.0).put("daily_max", 20.0));
    assertThat(d.entrances()).isEqualTo(new JsonArray()
        .add(new JsonObject().put("id", "E1").put("lat", 35.2401).put("lon", 113.2398).put("kind", "in"))
        .add(new JsonObject().put("id", "X1").put("lat", 35.2405).put("lon", 113.2391).put("kind", "both")));
    assertThat(d.spots()).isEqualTo(new JsonObject().put("normal", 400).put("disabled", 8).put("ev_charging", 12));
  }

  @Test
  void aLotWithoutStaticDataHasNone() {
    assertThat(details(lot())).isEqualTo(LotDetails.NONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"24/7", "Mo-Su 00:00-24:00", "Mo-Fr 08:00-12:00,13:00-17:30; PH off", "sunrise-sunset"})
  void openingHoursInTheOsmSyntaxAreTaken(String hours) {
    assertThat(details(lot().put("opening_hours", hours)).openingHours()).isEqualTo(hours);
  }

  @ParameterizedTest
  @ValueSource(strings = {"always open", "Mo-Fr 8-17", "Mo-Fr 25:00-26:00", "周一至周五 8:00-17:00", "Mo-Fr 08:00-"})
  void openingHoursThatDoNotParseAreRefusedNamingTheLot(String hours) {
    refused(lot().put("opening_hours", hours), "lots[0].opening_hours of lot 'L-1': '" + hours + "'");
  }

  @Test
  void spacesByTypeBeyondTheCapacityAreRefused() {
    refused(lot().put("spots", new JsonObject().put("normal", 400).put("ev_charging", 21)),
        "lots[0].spots of lot 'L-1': 421 spaces by type, more than its capacity 420");
  }

  @Test
  void anUnknownTypeOfSpaceIsRefused() {
    refused(lot().put("spots", new JsonObject().put("family", 4)), "lots[0].spots.family: not a type of space");
  }

  @Test
  void aFeeNeedsACurrencyAndAnHourlyPrice() {
    refused(lot().put("fee", new JsonObject().put("currency", "元").put("per_hour", 2)), "lots[0].fee.currency");
    refused(lot().put("fee", new JsonObject().put("currency", "CNY")), "lots[0].fee.per_hour: missing");
  }

  @Test
  void entrancesNeedDistinctIdsAndAPlace() {
    JsonObject e1 = new JsonObject().put("id", "E1").put("lat", 35.24).put("lon", 113.24);
    refused(lot().put("entrances", new JsonArray().add(e1).add(e1.copy())), "lots[0].entrances[1].id: 'E1' is given twice");
    refused(lot().put("entrances", new JsonArray().add(new JsonObject().put("id", "E1").put("lat", 35.24))),
        "lots[0].entrances[0].lon: missing");
  }

  @Test
  void aPhoneNumberIsDigitsAndPunctuationOnly() {
    refused(lot().put("phone", "call us"), "lots[0].phone of lot 'L-1'");
  }
}
