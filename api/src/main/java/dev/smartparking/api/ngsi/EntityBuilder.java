package dev.smartparking.api.ngsi;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One NGSI-LD entity in either representation: normalized (each attribute a Property,
 * GeoProperty or Relationship object, live values with {@code observedAt}) or keyValues (each
 * attribute its bare value). Absent values leave the attribute out. Written as JSON bytes, member
 * by member in the order given, values encoded as a JsonObject would encode them: a lot's entity is
 * written from parts made once ({@link ParkingEntities#writeLot}) and its live values, which
 * {@link #writeObserved} writes as this does.
 */
final class EntityBuilder {

  /** The members, each after a comma ({@code ,"a":1,"b":2}). */
  private final Buffer members = Buffer.buffer(256);
  private final boolean keyValues;

  EntityBuilder(String id, String type, boolean keyValues) {
    this(keyValues);
    member("id").appendString(Json.encode(id));
    member("type").appendString(Json.encode(type));
  }

  /** Attributes without an id and a type: a part of an entity, written into it as {@link #members}. */
  EntityBuilder(boolean keyValues) {
    this.keyValues = keyValues;
  }

  EntityBuilder property(String name, Object value) {
    return observed(name, value, null);
  }

  /** A Property with the time its value was observed. */
  EntityBuilder observed(String name, Object value, Instant observedAt) {
    if (value != null) {
      writeObserved(member(name), keyValues, Json.encode(value), observedAt);
    }
    return this;
  }

  /**
   * A value already as JSON, as an attribute's value: bare in keyValues, else a Property with the
   * time it was observed (when known).
   */
  static void writeObserved(Buffer out, boolean keyValues, String json, Instant observedAt) {
    if (keyValues) {
      out.appendString(json);
      return;
    }
    out.appendString("{\"type\":\"Property\",\"value\":").appendString(json);
    if (observedAt != null) {
      out.appendString(",\"observedAt\":\"").appendString(JsonResponses.timestamp(observedAt)).appendByte((byte) '"');
    }
    out.appendByte((byte) '}');
  }

  /** A GeoJSON Point, coordinates in GeoJSON order: longitude, latitude. */
  EntityBuilder point(String name, double lon, double lat) {
    JsonObject point = new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(lon).add(lat));
    member(name).appendString((keyValues ? point : new JsonObject().put("type", "GeoProperty").put("value", point))
        .encode());
    return this;
  }

  EntityBuilder relationship(String name, String object) {
    member(name).appendString(keyValues ? Json.encode(object)
        : new JsonObject().put("type", "Relationship").put("object", object).encode());
    return this;
  }

  /** The attributes as JSON members, each after a comma ({@code ,"a":1,"b":2}), to append to an open object. */
  byte[] members() {
    return members.getBytes();
  }

  /** The entity opened, its members written, not closed: {@code {"id":…,"type":…,"name":…}. */
  byte[] opened() {
    Buffer open = Buffer.buffer(members.length()).appendByte((byte) '{');
    return (members.length() == 0 ? open : open.appendBuffer(members, 1, members.length() - 1)).getBytes();
  }

  /** Appends the entity to {@code out}, with {@code context} (a {@link ParkingEntities#contextMember}) last when given. */
  void writeTo(Buffer out, Buffer context) {
    out.appendBytes(opened());
    if (context != null) {
      out.appendBuffer(context);
    }
    out.appendByte((byte) '}');
  }

  private Buffer member(String name) {
    return members.appendByte((byte) ',').appendString(Json.encode(name)).appendByte((byte) ':');
  }
}
