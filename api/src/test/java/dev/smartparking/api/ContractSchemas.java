package dev.smartparking.api;

import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an answer against its operation in the OpenAPI 3.0 contract: a documented status, one of
 * its media types and, for JSON, a body the schema accepts (networknt, draft 7, the contract's
 * {@code nullable} read as a {@code null} type) that has no field the schema does not name, so a
 * renamed optional field fails too.
 */
final class ContractSchemas {

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft7());

  private ContractSchemas() {}

  /** What is wrong with {@code response} as an answer of {@code method template}; empty when nothing. */
  static List<String> problems(JsonObject contract, String method, String template, HttpResponse<String> response) {
    String where = method + " " + template + " answered " + response.statusCode();
    JsonObject responses = contract.getJsonObject("paths").getJsonObject(template)
        .getJsonObject(method.toLowerCase(Locale.ROOT)).getJsonObject("responses");
    JsonObject documented = resolve(contract, responses.getJsonObject(Integer.toString(response.statusCode())));
    if (documented == null) {
      return List.of(where + ", a status the contract does not list: " + abbreviated(response.body()));
    }
    JsonObject content = documented.getJsonObject("content");
    String type = response.headers().firstValue("Content-Type")
        .map(value -> value.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse(null);
    if (content == null) {
      return response.body().isEmpty() ? List.of() : List.of(where + " with a body the contract does not list");
    }
    if (type == null || !content.containsKey(type)) {
      return List.of(where + " as " + type + ", not one of " + content.fieldNames());
    }
    if (!type.endsWith("json")) {
      return response.body().isEmpty() ? List.of(where + " with an empty " + type + " body") : List.of();
    }
    return problems(contract, content.getJsonObject(type).getJsonObject("schema"), response.body(), where);
  }

  /** What is wrong with a stream event's {@code data} as the schema {@code schemaName} of the contract. */
  static List<String> eventProblems(JsonObject contract, String schemaName, SseClient.Event event) {
    return problems(contract, new JsonObject().put("$ref", "#/components/schemas/" + schemaName), event.data(),
        "event " + event.event());
  }

  private static List<String> problems(JsonObject contract, JsonObject schema, String body, String where) {
    JsonObject document = new JsonObject()
        .put("$schema", "http://json-schema.org/draft-07/schema#")
        .put("components", jsonSchema(contract.getJsonObject("components")))
        .put("allOf", new JsonArray().add(jsonSchema(schema)));
    Schema validator = REGISTRY.getSchema(document.encode(), InputFormat.JSON);
    List<String> problems = new ArrayList<>();
    for (Error error : validator.validate(body, InputFormat.JSON)) {
      problems.add(where + ": " + error);
    }
    try {
      undocumented(contract, schema, Json.decodeValue(body), "$", problems, where);
    } catch (DecodeException e) {
      problems.add(where + ": not JSON: " + abbreviated(body));
    }
    return problems;
  }

  /**
   * OpenAPI 3.0's {@code nullable: true} as JSON Schema: {@code null} joins the type (and the enum);
   * with no type beside it, the schema or null.
   */
  static Object jsonSchema(Object node) {
    if (node instanceof JsonArray array) {
      JsonArray converted = new JsonArray();
      array.forEach(item -> converted.add(jsonSchema(item)));
      return converted;
    }
    if (!(node instanceof JsonObject object)) {
      return node;
    }
    JsonObject converted = new JsonObject();
    for (Map.Entry<String, Object> entry : object) {
      converted.put(entry.getKey(), jsonSchema(entry.getValue()));
    }
    if (!Boolean.TRUE.equals(converted.remove("nullable"))) {
      return converted;
    }
    if (converted.containsKey("enum")) {
      converted.getJsonArray("enum").addNull();
    }
    if (converted.getValue("type") instanceof String type) {
      converted.put("type", new JsonArray().add(type).add("null"));
      return converted;
    }
    return new JsonObject().put("anyOf", new JsonArray().add(converted).add(new JsonObject().put("type", "null")));
  }

  private static JsonObject jsonSchema(JsonObject object) {
    return (JsonObject) jsonSchema((Object) object);
  }

  /** Fields of {@code instance} the schema names nowhere (objects the schema leaves open excepted). */
  private static void undocumented(JsonObject contract, JsonObject schemaNode, Object instance, String path,
      List<String> problems, String where) {
    List<JsonObject> parts = parts(contract, schemaNode);
    if (instance instanceof JsonObject object) {
      JsonObject properties = new JsonObject();
      boolean open = false;
      for (JsonObject part : parts) {
        open |= part.containsKey("additionalProperties") && !Boolean.FALSE.equals(part.getValue("additionalProperties"));
        if (part.getJsonObject("properties") != null) {
          properties.mergeIn(part.getJsonObject("properties"));
        }
      }
      for (String field : object.fieldNames()) {
        if (properties.containsKey(field)) {
          undocumented(contract, properties.getJsonObject(field), object.getValue(field), path + "." + field, problems,
              where);
        } else if (!open && !properties.isEmpty()) {
          problems.add(where + ": " + path + "." + field + " is not in the contract");
        }
      }
    } else if (instance instanceof JsonArray array) {
      parts.stream().filter(part -> part.getJsonObject("items") != null).findFirst().ifPresent(part -> {
        for (int i = 0; i < array.size(); i++) {
          undocumented(contract, part.getJsonObject("items"), array.getValue(i), path + "[" + i + "]", problems, where);
        }
      });
    }
  }

  /** The schema and, through {@code allOf} and {@code $ref}, every schema it is made of. */
  private static List<JsonObject> parts(JsonObject contract, JsonObject schemaNode) {
    List<JsonObject> parts = new ArrayList<>();
    JsonObject schema = resolve(contract, schemaNode);
    if (schema == null) {
      return parts;
    }
    parts.add(schema);
    JsonArray allOf = schema.getJsonArray("allOf");
    if (allOf != null) {
      for (int i = 0; i < allOf.size(); i++) {
        parts.addAll(parts(contract, allOf.getJsonObject(i)));
      }
    }
    return parts;
  }

  /** The object a {@code $ref} ("#/components/...") points at, followed until it is no reference. */
  private static JsonObject resolve(JsonObject contract, JsonObject node) {
    JsonObject resolved = node;
    while (resolved != null && resolved.getString("$ref") != null) {
      JsonObject target = contract;
      for (String step : resolved.getString("$ref").substring(2).split("/")) {
        target = target.getJsonObject(step);
      }
      resolved = target;
    }
    return resolved;
  }

  private static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
