package dev.smartparking.api.ngsi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Entities as written: a lot's from its encoded registry parts and its live values, attribute for
 * attribute the bytes a JsonObject of the entity encodes to, with registry parts that follow a
 * change of the registry; a bay's whole, as it was built as a JsonObject before.
 */
class ParkingEntitiesTest {

  private static final Instant NOW = Instant.parse("2026-12-05T01:00:00Z");
  private static final Instant OBSERVED = Instant.parse("2026-12-05T00:59:00.250Z");
  private final ParkingEntities entities =
      new ParkingEntities(new ReportingRule(Duration.ofMinutes(10), Clock.fixed(NOW, ZoneOffset.UTC)));

  private static final String DETAILS = """
      "operator":"焦作停车","address":"人民路 1 号","phone":"0391-1234567","opening_hours":"Mo-Fr 07:00-22:00",\
      "fee":{"currency":"CNY","per_hour":2.0,"daily_max":20.0},"spots":{"normal":400,"disabled":8}""";

  private static LotNow lot(Integer free, String details) {
    return new LotNow("L-1", "人民公园 \"东\"", "410802", 35.24, 113.24, 420, 400, free, false, OBSERVED, NOW,
        details == null ? null : details.getBytes(StandardCharsets.UTF_8), false);
  }

  private String written(LotNow lot, boolean keyValues, String context) {
    Buffer out = Buffer.buffer();
    entities.writeLot(out, lot, keyValues, context == null ? null : ParkingEntities.contextMember(context));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keyValuesAreTheModelsAttributesInOrderWithTheContextLast() {
    assertThat(written(lot(37, DETAILS), true, "http://h/ngsi-ld/v1/context.jsonld")).isEqualTo("""
        {"id":"urn:ngsi-ld:OffStreetParking:L-1","type":"OffStreetParking","name":"人民公园 \\"东\\"",\
        "location":{"type":"Point","coordinates":[113.24,35.24]},"totalSpotNumber":400,"availableSpotNumber":37,\
        "occupancyDetectionType":["balancing"],"status":["open"],"address":{"streetAddress":"人民路 1 号"},\
        "openingHours":"Mo-Fr 07:00-22:00","contactPoint":{"telephone":"0391-1234567"},"priceCurrency":"CNY",\
        "priceRatePerMinute":0.03333333333333333,"chargeType":["additionalIntervalPrice","maximum"],\
        "category":["feeCharged","forDisabled"],"@context":"http://h/ngsi-ld/v1/context.jsonld"}""");
  }

  @Test
  void normalizedLiveValuesCarryTheTimeTheyWereObserved() {
    assertThat(written(lot(37, null), false, null)).isEqualTo("""
        {"id":"urn:ngsi-ld:OffStreetParking:L-1","type":"OffStreetParking",\
        "name":{"type":"Property","value":"人民公园 \\"东\\""},\
        "location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[113.24,35.24]}},\
        "totalSpotNumber":{"type":"Property","value":400},\
        "availableSpotNumber":{"type":"Property","value":37,"observedAt":"2026-12-05T00:59:00.250Z"},\
        "occupancyDetectionType":{"type":"Property","value":["balancing"]},\
        "status":{"type":"Property","value":["open"],"observedAt":"2026-12-05T00:59:00.250Z"}}""");
  }

  @Test
  void aLotWithoutAFreeCountHasNoAvailableSpotNumber() {
    assertThat(written(lot(null, null), true, null)).doesNotContain("availableSpotNumber")
        .contains("\"totalSpotNumber\":400,\"occupancyDetectionType\"");
  }

  @Test
  void theRegistryPartsFollowAChangeOfTheLotsStaticData() {
    written(lot(37, DETAILS), true, null);
    written(lot(37, DETAILS), false, null);

    String moved = DETAILS.replace("人民路 1 号", "建设路 9 号");
    assertThat(written(lot(12, moved), true, null)).contains("\"streetAddress\":\"建设路 9 号\"")
        .contains("\"availableSpotNumber\":12");
    assertThat(written(lot(12, moved), false, null)).contains("\"streetAddress\":\"建设路 9 号\"");
  }

  @Test
  void aBayIsItsLotsParkingSpotInEitherRepresentation() {
    LotNow site = new LotNow("S-1", "人民路 \"东\"", "410802", 35.24, 113.24, 12, null, null, null, null, null, null,
        true);
    Buffer normalized = Buffer.buffer();
    entities.writeSpot(normalized, site, "A-1", true, OBSERVED, false, ParkingEntities.contextMember("http://h/c"));
    Buffer keyValues = Buffer.buffer();
    entities.writeSpot(keyValues, site, "A-2", null, null, true, null);

    assertThat(normalized.toString(StandardCharsets.UTF_8)).isEqualTo("""
        {"id":"urn:ngsi-ld:ParkingSpot:S-1:A-1","type":"ParkingSpot","name":{"type":"Property","value":"A-1"},\
        "location":{"type":"GeoProperty","value":{"type":"Point","coordinates":[113.24,35.24]}},\
        "status":{"type":"Property","value":"occupied","observedAt":"2026-12-05T00:59:00.250Z"},\
        "category":{"type":"Property","value":["onStreet"]},\
        "refParkingSite":{"type":"Relationship","object":"urn:ngsi-ld:OnStreetParking:S-1"},"@context":"http://h/c"}""");
    assertThat(keyValues.toString(StandardCharsets.UTF_8)).isEqualTo("""
        {"id":"urn:ngsi-ld:ParkingSpot:S-1:A-2","type":"ParkingSpot","name":"A-2",\
        "location":{"type":"Point","coordinates":[113.24,35.24]},"status":"unknown","category":["onStreet"],\
        "refParkingSite":"urn:ngsi-ld:OnStreetParking:S-1"}""");
  }
}
