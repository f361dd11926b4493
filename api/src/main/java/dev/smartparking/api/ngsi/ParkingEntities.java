package dev.smartparking.api.ngsi;

import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Our lots and bays as FIWARE Smart Data Models entities (dataModel.Parking): a lot counted by its
 * gateway is an {@code OffStreetParking}, one counted by bay sensors an {@code OnStreetParking},
 * each bay of the latter a {@code ParkingSpot}. docs/ngsi-ld.md lists the mapping.
 */
final class ParkingEntities {

  static final String OFF_STREET = "OffStreetParking";
  static final String ON_STREET = "OnStreetParking";
  static final String SPOT = "ParkingSpot";
  static final String URN = "urn:ngsi-ld:";

  private final ReportingRule rule;

  ParkingEntities(ReportingRule rule) {
    this.rule = rule;
  }

  /** The entity type of a lot. */
  static String typeOf(LotNow lot) {
    return lot.countedByBays() ? ON_STREET : OFF_STREET;
  }

  static String idOf(LotNow lot) {
    return URN + typeOf(lot) + ":" + lot.id();
  }

  /** What the lot offers: its gateway's total once it reported, its registered capacity before. */
  static Integer totalSpots(LotNow lot) {
    return lot.total() != null ? lot.total() : lot.capacity();
  }

  JsonObject lot(LotNow lot, boolean keyValues) {
    EntityBuilder entity = new EntityBuilder(idOf(lot), typeOf(lot), keyValues)
        .property("name", lot.name())
        .point("location", lot.lon(), lot.lat())
        .property("totalSpotNumber", totalSpots(lot))
        .observed("availableSpotNumber", lot.free(), lot.observedAt())
        .property("occupancyDetectionType",
            new JsonArray().add(lot.countedByBays() ? "singleSpaceDetection" : "balancing"))
        .observed("status", status(lot), lot.observedAt());
    JsonObject details = details(lot);
    String address = details.getString("address");
    if (address != null) {
      entity.property("address", new JsonObject().put("streetAddress", address));
    }
    entity.property("openingHours", details.getString("opening_hours"));
    String phone = details.getString("phone");
    if (phone != null) {
      entity.property("contactPoint", new JsonObject().put("telephone", phone));
    }
    JsonObject fee = details.getJsonObject("fee");
    if (fee != null) {
      double perHour = fee.getDouble("per_hour");
      entity.property("priceCurrency", fee.getString("currency"))
          .property("priceRatePerMinute", perHour / 60)
          .property("chargeType", chargeType(fee));
    }
    entity.property("category", category(fee, details.getJsonObject("spots")));
    return entity.build();
  }

  /** A bay of a bay-counted lot, its state as {@code bay_state} holds it (null: never reported). */
  JsonObject spot(LotNow lot, String bayId, Boolean occupied, Instant observedAt, boolean keyValues) {
    return new EntityBuilder(URN + SPOT + ":" + lot.id() + ":" + bayId, SPOT, keyValues)
        .property("name", bayId)
        // A bay has no position of its own in the registry: it lies within its lot.
        .point("location", lot.lon(), lot.lat())
        .observed("status", occupied == null ? "unknown" : occupied ? "occupied" : "free", observedAt)
        .property("category", new JsonArray().add(lot.countedByBays() ? "onStreet" : "offStreet"))
        .relationship("refParkingSite", idOf(lot))
        .build();
  }

  /**
   * The Smart Data Models status of a lot: {@code open} or {@code closed} as it reported; a lot
   * that went silent (offline) or never reported has no status, which the model's enumeration
   * has no word for, rather than a guess.
   */
  private JsonArray status(LotNow lot) {
    return switch (rule.state(lot.lastSeenAt(), lot.closed())) {
      case "open" -> new JsonArray().add("open");
      case "closed" -> new JsonArray().add("closed");
      default -> null;
    };
  }

  /** DATEX II charge types of the hourly fee: free, or a first hour, an hourly rate and a daily cap. */
  private static JsonArray chargeType(JsonObject fee) {
    JsonArray types = new JsonArray();
    if (fee.getValue("first_hour") != null) {
      types.add("firstIntervalPrice");
    }
    if (fee.getDouble("per_hour") > 0) {
      types.add("additionalIntervalPrice");
    }
    if (fee.getValue("daily_max") != null) {
      types.add("maximum");
    }
    return types.isEmpty() ? new JsonArray().add("free") : types;
  }

  /** The categories both parking models share: free or fee-charged, spaces for disabled people and EV charging. */
  private static JsonArray category(JsonObject fee, JsonObject spots) {
    JsonArray categories = new JsonArray();
    if (fee != null) {
      categories.add(chargeType(fee).contains("free") ? "free" : "feeCharged");
    }
    if (spots != null && spots.getInteger("disabled", 0) > 0) {
      categories.add("forDisabled");
    }
    if (spots != null && spots.getInteger("ev_charging", 0) > 0) {
      categories.add("forElectricalCharging");
    }
    return categories.isEmpty() ? null : categories;
  }

  private static JsonObject details(LotNow lot) {
    return lot.details() == null ? new JsonObject()
        : new JsonObject("{" + new String(lot.details(), StandardCharsets.UTF_8) + "}");
  }
}
