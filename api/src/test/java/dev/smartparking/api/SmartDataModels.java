package dev.smartparking.api;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The FIWARE Smart Data Models JSON Schemas of the parking entities, vendored under
 * {@code src/test/resources/sdm/} (README and licence there), checked with a library validator
 * as a FIWARE consumer would. Their {@code $ref} URLs are mapped to the vendored files: nothing is
 * fetched.
 */
final class SmartDataModels {

  private static final String OFF_STREET = "https://fiware.github.io/dataModels/specs/Parking/OffStreetParking/schema.json";
  private static final String ON_STREET = "https://smart-data-models.github.io/dataModel.Parking/OnStreetParking/schema.json";
  private static final String SPOT = "https://smart-data-models.github.io/dataModel.Parking/ParkingSpot/schema.json";
  private static final Map<String, String> VENDORED = Map.of(
      OFF_STREET, "classpath:sdm/OffStreetParking.schema.json",
      ON_STREET, "classpath:sdm/OnStreetParking.schema.json",
      SPOT, "classpath:sdm/ParkingSpot.schema.json",
      "https://smart-data-models.github.io/data-models/common-schema.json", "classpath:sdm/common-schema.json",
      // The older OffStreetParking schema names the common definitions by their former address.
      "https://fiware.github.io/dataModels/common-schema.json", "classpath:sdm/common-schema.json");
  /**
   * The parking schemas declare {@code "$schema": "http://json-schema.org/schema#"}, "the latest
   * draft" of their time, which names no dialect a validator can load; they are written for draft 7.
   */
  private static final String UNVERSIONED = "http://json-schema.org/schema#";
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialects(
      List.of(Dialects.getDraft7(), Dialect.builder(UNVERSIONED, Dialects.getDraft7()).build(),
          Dialects.getDraft202012()),
      builder -> builder.schemaIdResolvers(resolvers -> resolvers.mappings(VENDORED)));
  private static final Map<String, Schema> SCHEMAS = Map.of(
      "OffStreetParking", REGISTRY.getSchema(SchemaLocation.of(OFF_STREET)),
      "OnStreetParking", REGISTRY.getSchema(SchemaLocation.of(ON_STREET)),
      "ParkingSpot", REGISTRY.getSchema(SchemaLocation.of(SPOT)));

  private SmartDataModels() {}

  /** What the schema of the entity's type finds wrong with it (keyValues form); empty when it validates. */
  static List<String> problems(JsonObject entity) {
    Schema schema = SCHEMAS.get(entity.getString("type"));
    if (schema == null) {
      return List.of("no schema for type " + entity.getString("type"));
    }
    return schema.validate(entity.encode(), InputFormat.JSON).stream().map(Error::toString).toList();
  }
}
