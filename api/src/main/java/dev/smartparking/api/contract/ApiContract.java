package dev.smartparking.api.contract;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's contract, {@code openapi.yaml} on the class path: read once at start-up, served as
 * written and as JSON, and the source of the request check ({@link ContractCheck}).
 */
public final class ApiContract {

  /** The one copy of the contract, in the api jar. */
  static final String RESOURCE = "openapi.yaml";

  private final Buffer yaml;
  private final Buffer json;
  private final OpenAPIContract validated;

  private ApiContract(Buffer yaml, Buffer json, OpenAPIContract validated) {
    this.yaml = yaml;
    this.json = json;
    this.validated = validated;
  }

  /** Reads and checks the contract; fails when it is not a valid OpenAPI 3 document. */
  public static Future<ApiContract> load(Vertx vertx) {
    return vertx.fileSystem().readFile(RESOURCE)
        .compose(yaml -> vertx.executeBlocking(() -> parse(yaml), false)
            .compose(document -> OpenAPIContract.from(vertx, forValidation(document))
                .map(contract -> new ApiContract(yaml, Buffer.buffer(document.encode()), contract))));
  }

  @SuppressWarnings("unchecked")
  static JsonObject parse(Buffer yaml) {
    Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml.toString());
    // Through the encoder and back: nested maps become JsonObjects, and a YAML value JSON cannot
    // hold (an unquoted date) fails here, at start-up.
    return new JsonObject(new JsonObject(document).encode());
  }

  /**
   * What the validator is given: the document less what vertx-openapi 5.0 refuses or must not
   * touch. It refuses a relative server URL ({@code /}) and responses of media types it cannot
   * validate (SSE, CSV, YAML, problem+json, ld+json); it only checks requests here, so those
   * go. Request bodies stay: their schemas are what {@link ContractBody} checks a body against
   * once the resource has read it, bounded, after the token check.
   */
  static JsonObject forValidation(JsonObject document) {
    JsonObject copy = document.copy();
    copy.remove("servers");
    JsonObject paths = copy.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = item.getJsonObject(method);
        nullable(operation.getValue("requestBody"));
        dropUnvalidatedContent(operation.getJsonObject("responses"));
      }
    }
    dropUnvalidatedContent(copy.getJsonObject("components").getJsonObject("responses"));
    nullable(copy.getJsonObject("components").getValue("requestBodies"));
    return copy;
  }

  /**
   * OpenAPI 3.0's {@code nullable: true} made JSON Schema vertx-json-schema 5.0.8 reads (it ignores
   * the keyword and refuses null): {@code {type: T, nullable: true, ...}} becomes
   * {@code {anyOf: [{enum: [null]}, {type: T, ...}]}}, in request bodies, the schemas it checks.
   */
  private static void nullable(Object node) {
    if (node instanceof JsonObject object) {
      object.forEach(entry -> nullable(entry.getValue()));
      if (Boolean.TRUE.equals(object.remove("nullable")) && object.containsKey("type")) {
        JsonObject typed = object.copy();
        object.clear();
        object.put("anyOf", new JsonArray().add(new JsonObject().put("enum", new JsonArray().addNull())).add(typed));
      }
    } else if (node instanceof JsonArray array) {
      array.forEach(ApiContract::nullable);
    }
  }

  private static void dropUnvalidatedContent(JsonObject responses) {
    for (String status : responses.fieldNames()) {
      JsonObject content = responses.getJsonObject(status).getJsonObject("content");
      if (content != null) {
        content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
      }
    }
  }

  public Buffer yaml() {
    return yaml;
  }

  public Buffer json() {
    return json;
  }

  OpenAPIContract validated() {
    return validated;
  }
}
