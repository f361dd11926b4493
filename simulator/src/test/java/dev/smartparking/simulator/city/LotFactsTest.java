package dev.smartparking.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The static data a generated lot registers is consistent with the lot itself. */
class LotFactsTest {

  private static final City CITY = new CityGenerator(JiaozuoReference.load(), new SeededSecrets(7))
      .generate(CityParameters.of(7, 0.2));

  @Test
  void spacesByTypeAddUpToTheCapacity() {
    for (Lot lot : CITY.lots()) {
      JsonObject spots = LotFacts.of(lot, "解放区").getJsonObject("spots");
      assertThat(spots.getInteger("normal") + spots.getInteger("disabled") + spots.getInteger("ev_charging"))
          .as(lot.id()).isEqualTo(lot.capacity());
      assertThat(spots.getInteger("normal")).as(lot.id()).isPositive();
    }
  }

  @Test
  void entrancesAreNearTheLotAndOnlyOffStreet() {
    for (Lot lot : CITY.lots()) {
      JsonObject facts = LotFacts.of(lot, "解放区");
      if (lot.counting() == Counting.BAYS) {
        assertThat(facts.containsKey("entrances")).as(lot.id()).isFalse();
        continue;
      }
      facts.getJsonArray("entrances").forEach(e -> {
        JsonObject entrance = (JsonObject) e;
        assertThat(Math.abs(entrance.getDouble("lat") - lot.location().lat())).as(lot.id()).isLessThan(0.001);
        assertThat(Math.abs(entrance.getDouble("lon") - lot.location().lon())).as(lot.id()).isLessThan(0.0012);
      });
    }
  }

  @Test
  void theFeeTextSaysWhatTheFeeIs() {
    assertThat(LotFacts.feeText(new JsonObject().put("currency", "CNY").put("free_minutes", 30).put("first_hour", 5.0)
        .put("per_hour", 3.0).put("daily_max", 30.0))).isEqualTo("30分钟内免费，首小时5元，之后每小时3元，每日最高30元");
  }

  @Test
  void theSameLotGetsTheSameFacts() {
    Lot lot = CITY.lots().get(0);
    assertThat(LotFacts.of(lot, "解放区")).isEqualTo(LotFacts.of(lot, "解放区"));
  }
}
