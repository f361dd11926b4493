package dev.smartparking.simulator.city;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;

/**
 * The static data a Jiaozuo lot would register (operator, address, phone, opening hours, fees,
 * entrances, spaces by type), made up plausibly per kind of lot. Drawn from a random stream of the
 * lot's own (seeded by its id), so adding it changed no other figure of a generated city.
 */
public final class LotFacts {

  private static final String[] ROADS = {"人民路", "解放路", "民主路", "塔南路", "丰收路", "建设路", "太行路", "山阳路",
      "焦东路", "和平街"};
  private static final String AREA_CODE = "0391";

  private LotFacts() {}

  /** The catalogue fields of docs/catalogue.md, "Static lot data", for {@code lot}. */
  public static JsonObject of(Lot lot, String districtName) {
    SplittableRandom random = new SplittableRandom(lot.id().hashCode());
    JsonObject fee = fee(lot.kind());
    JsonObject facts = new JsonObject()
        .put("operator", operator(lot.kind(), districtName))
        .put("address", districtName + ROADS[random.nextInt(ROADS.length)] + (1 + random.nextInt(300)) + "号")
        .put("phone", AREA_CODE + "-" + (2_000_000 + random.nextInt(8_000_000)))
        .put("opening_hours", openingHours(lot.kind()))
        .put("fee_text", feeText(fee))
        .put("fee", fee)
        .put("spots", spots(lot, random));
    if (lot.counting() == Counting.STATUS) {
      facts.put("entrances", entrances(lot, random));
    }
    return facts;
  }

  private static String operator(LotKind kind, String districtName) {
    return switch (kind) {
      case COMMUTER -> "焦作市公共停车管理有限公司";
      case COMMERCIAL -> districtName + "商业广场物业服务有限公司";
      case HOSPITAL -> "焦作市人民医院后勤管理处";
      case RESIDENTIAL -> districtName + "物业服务中心";
      case ON_STREET -> "焦作市城市管理局";
    };
  }

  private static String openingHours(LotKind kind) {
    return switch (kind) {
      case COMMUTER -> "Mo-Fr 06:00-22:00; Sa,Su 08:00-20:00";
      case COMMERCIAL -> "Mo-Su 08:00-23:00";
      case HOSPITAL, RESIDENTIAL -> "24/7";
      case ON_STREET -> "Mo-Su 07:00-21:00";
    };
  }

  private static JsonObject fee(LotKind kind) {
    JsonObject fee = new JsonObject().put("currency", "CNY");
    return switch (kind) {
      case COMMUTER -> fee.put("free_minutes", 15).put("per_hour", 2.0).put("daily_max", 15.0);
      case COMMERCIAL -> fee.put("free_minutes", 30).put("first_hour", 5.0).put("per_hour", 3.0).put("daily_max", 30.0);
      case HOSPITAL -> fee.put("free_minutes", 30).put("per_hour", 2.0).put("daily_max", 20.0);
      case RESIDENTIAL -> fee.put("free_minutes", 60).put("per_hour", 1.0).put("daily_max", 10.0);
      case ON_STREET -> fee.put("free_minutes", 15).put("first_hour", 3.0).put("per_hour", 2.0);
    };
  }

  /** The fee as a sign would post it. */
  static String feeText(JsonObject fee) {
    StringBuilder text = new StringBuilder();
    if (fee.getInteger("free_minutes", 0) > 0) {
      text.append(fee.getInteger("free_minutes")).append("分钟内免费，");
    }
    if (fee.containsKey("first_hour")) {
      text.append("首小时").append(yuan(fee.getDouble("first_hour"))).append("元，之后");
    }
    text.append("每小时").append(yuan(fee.getDouble("per_hour"))).append("元");
    if (fee.containsKey("daily_max")) {
      text.append("，每日最高").append(yuan(fee.getDouble("daily_max"))).append("元");
    }
    return text.toString();
  }

  private static String yuan(double amount) {
    return amount == Math.rint(amount) ? Long.toString((long) amount) : Double.toString(amount);
  }

  /** About 2 % of spaces for disabled drivers (one at least from 20 up), some with chargers off-street. */
  private static JsonObject spots(Lot lot, SplittableRandom random) {
    int capacity = lot.capacity();
    int disabled = capacity >= 20 ? Math.max(1, capacity / 50) : 0;
    int ev = lot.counting() == Counting.STATUS ? capacity * (3 + random.nextInt(8)) / 100 : 0;
    return new JsonObject().put("normal", capacity - disabled - ev).put("disabled", disabled).put("ev_charging", ev);
  }

  /** One to three gates within about 100 m of the lot's point. */
  private static JsonArray entrances(Lot lot, SplittableRandom random) {
    JsonArray entrances = new JsonArray();
    int n = 1 + random.nextInt(3);
    for (int i = 1; i <= n; i++) {
      entrances.add(new JsonObject().put("id", "E" + i)
          .put("lat", round(lot.location().lat() + (random.nextDouble() - 0.5) * 0.0018))
          .put("lon", round(lot.location().lon() + (random.nextDouble() - 0.5) * 0.0022))
          .put("kind", n == 1 ? "both" : i == 1 ? "in" : i == 2 ? "out" : "both"));
    }
    return entrances;
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }
}
