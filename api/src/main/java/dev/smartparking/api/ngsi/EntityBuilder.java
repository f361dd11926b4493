package dev.smartparking.api.ngsi;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Arrays;

/**
 * One NGSI-LD entity in either representation: normalized (each attribute a Property,
 * GeoProperty or Relationship object, live values with {@code observedAt}) or keyValues (each
 * attribute its bare value). Absent values leave the attribute out.
 */
final class EntityBuilder {

  private final JsonObject entity;
  private final boolean keyValues;

  EntityBuilder(String id, String type, boolean keyValues) {
    this(keyValues);
    entity.put("id", id).put("type", type);
  }

  /** Attributes without an id and a type: a part of an entity, written into it as {@link #members}. */
  EntityBuilder(boolean keyValues) {
    this.entity = new JsonObject();
    this.keyValues = keyValues;
  }

  EntityBuilder property(String name, Object value) {
    return observed(name, value, null);
  }

  /** A Property with the time its value was observed. */
  EntityBuilder observed(String name, Object value, Instant observedAt) {
    if (value != null) {
      if (keyValues) {
        entity.put(name, value);
      } else {
        JsonObject attribute = new JsonObject().put("type", "Property").put("value", value);
        if (observedAt != null) {
          attribute.put("observedAt", JsonResponses.timestamp(observedAt));
        }
        entity.put(name, attribute);
      }
    }
    return this;
  }

  /** A GeoJSON Point, coordinates in GeoJSON order: longitude, latitude. */
  EntityBuilder point(String name, double lon, double lat) {
    JsonObject point = new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    entity.put(name, keyValues ? point : new JsonObject().put("type", "GeoProperty").put("value", point));
    return this;
  }

  EntityBuilder relationship(String name, String object) {
    entity.put(name, keyValues ? object : new JsonObject().put("type", "Relationship").put("object", object));
    return this;
  }

  JsonObject build() {
    return entity;
  }

  /** The attributes as JSON members, each after a comma ({@code ,"a":1,"b":2}), to append to an open object. */
  byte[] members() {
    if (entity.isEmpty()) {
      return new byte[0];
    }
    byte[] encoded = entity.toBuffer().getBytes();
    // The object's braces off, a comma before its first member.
    encoded[0] = ',';
    return Arrays.copyOf(encoded, encoded.length - 1);
  }
}
