package dev.smartparking.api.ngsi;

import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

  /** Lots whose registry attributes are kept encoded, at most: ~1.5 KB each (both representations). */
  static final int MAX_CACHED = 100_000;

  private final ReportingRule rule;
  /** By lot id; answers on every event loop read and fill it. */
  private final Map<String, LotStaticParts> staticParts = new ConcurrentHashMap<>();

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

  /**
   * Appends the lot's entity to {@code out}, with {@code context} (a {@link #contextMember}) last
   * when given. Its registry attributes come encoded from {@link LotStaticParts}, made once per
   * change of the lot's registry fields; only the spot counts and the status are written per
   * answer, as {@link EntityBuilder} writes an attribute, attribute for attribute and in order
   * (ParkingEntitiesTest compares the bytes).
   */
  void writeLot(Buffer out, LotNow lot, boolean keyValues, Buffer context) {
    LotStaticParts.Encoded parts = staticParts(lot).of(keyValues);
    out.appendBytes(parts.head());
    EntityBuilder.writeObserved(out.appendString(",\"totalSpotNumber\":"), keyValues,
        Integer.toString(totalSpots(lot)), null);
    if (lot.free() != null) {
      EntityBuilder.writeObserved(out.appendString(",\"availableSpotNumber\":"), keyValues, lot.free().toString(),
          lot.observedAt());
    }
    out.appendBytes(parts.middle());
    String status = status(lot);
    if (status != null) {
      EntityBuilder.writeObserved(out.appendString(",\"status\":"), keyValues, "[\"" + status + "\"]",
          lot.observedAt());
    }
    out.appendBytes(parts.tail());
    if (context != null) {
      out.appendBuffer(context);
    }
    out.appendByte((byte) '}');
  }

  /** The {@code @context} member of an entity in the JSON-LD representation, for {@link #writeLot}. */
  static Buffer contextMember(String contextUrl) {
    return Buffer.buffer(",\"@context\":").appendString(Json.encode(contextUrl));
  }

  private LotStaticParts staticParts(LotNow lot) {
    LotStaticParts parts = staticParts.get(lot.id());
    if (parts == null || !parts.from().sameRegistry(lot)) {
      parts = new LotStaticParts(lot, encode(lot, true), encode(lot, false));
      if (staticParts.size() >= MAX_CACHED) {
        // Bounds what lots removed from the registry leave behind; a bigger city encodes again.
        staticParts.clear();
      }
      staticParts.put(lot.id(), parts);
    }
    return parts;
  }

  /** The registry attributes of a lot's entity in one representation, parsing its static data once. */
  private static LotStaticParts.Encoded encode(LotNow lot, boolean keyValues) {
    // Open: the live values and the other parts follow.
    byte[] head = new EntityBuilder(idOf(lot), typeOf(lot), keyValues)
        .property("name", lot.name())
        .point("location", lot.lon(), lot.lat())
        .opened();
    byte[] middle = new EntityBuilder(keyValues)
        .property("occupancyDetectionType",
            new JsonArray().add(lot.countedByBays() ? "singleSpaceDetection" : "balancing"))
        .members();
    EntityBuilder tail = new EntityBuilder(keyValues);
    JsonObject details = details(lot);
    String address = details.getString("address");
    if (address != null) {
      tail.property("address", new JsonObject().put("streetAddress", address));
    }
    tail.property("openingHours", details.getString("opening_hours"));
    String phone = details.getString("phone");
    if (phone != null) {
      tail.property("contactPoint", new JsonObject().put("telephone", phone));
    }
    JsonObject fee = details.getJsonObject("fee");
    if (fee != null) {
      double perHour = fee.getDouble("per_hour");
      tail.property("priceCurrency", fee.getString("currency"))
          .property("priceRatePerMinute", perHour / 60)
          .property("chargeType", chargeType(fee));
    }
    tail.property("category", category(fee, details.getJsonObject("spots")));
    return new LotStaticParts.Encoded(head, middle, tail.members());
  }

  /**
   * Appends a bay of a bay-counted lot, its state as {@code bay_state} holds it (null: never
   * reported), with {@code context} (a {@link #contextMember}) last when given.
   */
  void writeSpot(Buffer out, LotNow lot, String bayId, Boolean occupied, Instant observedAt, boolean keyValues,
      Buffer context) {
    new EntityBuilder(URN + SPOT + ":" + lot.id() + ":" + bayId, SPOT, keyValues)
        .property("name", bayId)
        // A bay has no position of its own in the registry: it lies within its lot.
        .point("location", lot.lon(), lot.lat())
        .observed("status", occupied == null ? "unknown" : occupied ? "occupied" : "free", observedAt)
        .property("category", new JsonArray().add(lot.countedByBays() ? "onStreet" : "offStreet"))
        .relationship("refParkingSite", idOf(lot))
        .writeTo(out, context);
  }

  /**
   * The Smart Data Models status of a lot: {@code open} or {@code closed} as it reported; a lot
   * that went silent (offline) or never reported has no status, which the model's enumeration
   * has no word for, rather than a guess.
   */
  private String status(LotNow lot) {
    return switch (rule.state(lot.lastSeenAt(), lot.closed())) {
      case "open" -> "open";
      case "closed" -> "closed";
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
