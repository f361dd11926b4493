package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /openapi.yaml} serves the contract, open to all, and it documents every route. */
class OpenApiTest {

  /** A path key under {@code paths:} (two spaces in) or an operation under it (four spaces in). */
  private static final Pattern PATH = Pattern.compile("^  (/\\S*):$");
  private static final Pattern OPERATION = Pattern.compile("^    (get|put|post|delete|patch|head|options):$");

  @RegisterExtension
  static final ApiFixture api = ApiFixture.standard();

  @Test
  void servesTheContractWithoutToken() {
    HttpResponse<String> response = api.get("/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/yaml"));
    assertThat(response.body()).startsWith("openapi: 3").contains("/api/v1/availability:", "/api/v1/lots/{lotId}:",
        "/api/v1/lots/{lotId}/occupancy:");
  }

  @Test
  void documentsEveryRouteTheRouterServes() {
    Set<String> documented = documentedOperations(api.get("/openapi.yaml").body());
    Set<String> served = new HashSet<>();
    for (Route route : api.router().getRoutes()) {
      // Routes without a path are the catch-all failure handler, not a resource.
      if (route.getPath() != null) {
        String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
        for (HttpMethod method : route.methods()) {
          served.add(method.name() + " " + path);
        }
      }
    }

    assertThat(served).contains("GET /api/v1/lots/nearby", "GET /api/v1/admin/message-counts");
    assertThat(documented).containsAll(served);
  }

  /** "GET /api/v1/lots"-style operations of the document, read off its indentation. */
  private static Set<String> documentedOperations(String yaml) {
    Set<String> operations = new HashSet<>();
    String path = null;
    for (String line : yaml.split("\n")) {
      Matcher pathLine = PATH.matcher(line);
      Matcher operationLine = OPERATION.matcher(line);
      if (pathLine.matches()) {
        path = pathLine.group(1);
      } else if (!line.startsWith("  ")) {
        path = null;
      } else if (path != null && operationLine.matches()) {
        operations.add(operationLine.group(1).toUpperCase(Locale.ROOT) + " " + path);
      }
    }
    return operations;
  }
}
