package dev.smartparking.simulator.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks JSON to the platform API with one bearer token, and turns its error answers into {@link ApiFailure}. */
public final class ApiClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  public ApiClient(String baseUri, String token) {
    this.base = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    this.token = token;
  }

  public JsonObject postJson(String path, String body) throws ApiFailure {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  public JsonObject getJson(String path) throws ApiFailure {
    return send(request(path).GET().build());
  }

  private HttpRequest.Builder request(String path) throws ApiFailure {
    try {
      return HttpRequest.newBuilder(URI.create(base + path))
          .timeout(TIMEOUT)
          .header("Authorization", "Bearer " + token)
          .header("Accept", "application/json");
    } catch (IllegalArgumentException e) {
      throw new ApiFailure("not a valid API address: " + base + path, e);
    }
  }

  private JsonObject send(HttpRequest request) throws ApiFailure {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ApiFailure("cannot reach %s: %s".formatted(request.uri(), e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiFailure("interrupted while calling " + request.uri(), e);
    }
    JsonObject json = parse(response);
    if (response.statusCode() >= 400) {
      // The contract promises {"error","message"}; fall back to the raw body if a proxy answered.
      String code = json == null ? "http_" + response.statusCode() : json.getString("error", "unknown");
      String message = json == null ? excerpt(response.body()) : json.getString("message", json.encode());
      throw new ApiFailure(response.statusCode(), code, message);
    }
    if (json == null) {
      throw new ApiFailure(
          response.statusCode(), "not_json", "expected a JSON object, got: " + excerpt(response.body()));
    }
    return json;
  }

  private static JsonObject parse(HttpResponse<String> response) {
    try {
      return new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static String excerpt(String body) {
    String oneLine = body.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
  }
}
