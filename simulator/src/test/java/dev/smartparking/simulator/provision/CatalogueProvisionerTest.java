package dev.smartparking.simulator.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smartparking.simulator.city.CityCounts;
import dev.smartparking.simulator.http.ApiFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CatalogueProvisionerTest {

  private record Seen(String method, String path, String authorization, String contentType, String body) {}

  private final AtomicReference<Seen> seen = new AtomicReference<>();
  private HttpServer server;

  private String serve(int status, String contentType, String answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> answer(exchange, status, contentType, answer));
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, int status, String contentType, String answer) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    seen.set(
        new Seen(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body));
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void provisioningPostsTheCatalogueWithTheAdminToken() throws Exception {
    String api = serve(200, "application/json", "{\"districts\":1,\"units\":0,\"lots\":0,\"bays\":0,\"covers\":0,\"devices\":0,\"issued_secrets\":{}}");
    String catalogue = "{\"districts\":[{\"code\":\"410802\",\"name\":\"解放区\"}]}";

    new CatalogueProvisioner(api + "/", "admin-secret-token").provision(catalogue);

    Seen request = seen.get();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/admin/catalogue");
    assertThat(request.authorization()).isEqualTo("Bearer admin-secret-token");
    assertThat(request.contentType()).startsWith("application/json");
    assertThat(request.body()).isEqualTo(catalogue);
  }

  @Test
  void theAnswerGivesCountsAndIssuedSecrets() throws Exception {
    String api =
        serve(
            200,
            "application/json",
            "{\"districts\":11,\"units\":23,\"lots\":120,\"bays\":480,\"covers\":406,\"devices\":526,"
                + "\"issued_secrets\":{\"cs-C-000001\":\"9f3Kabcdefghijklmnop\"}}");

    ProvisioningReceipt receipt = new CatalogueProvisioner(api, "t").provision("{}");

    assertThat(receipt.counts()).isEqualTo(new CityCounts(11, 23, 120, 480, 406, 526));
    assertThat(receipt.issuedSecrets()).containsExactly(Map.entry("cs-C-000001", "9f3Kabcdefghijklmnop"));
  }

  @Test
  void aRefusedCatalogueSurfacesTheServersMessage() throws Exception {
    String api =
        serve(400, "application/json", "{\"error\":\"invalid_catalogue\",\"message\":\"lots[3].district: unknown district '410899'\"}");

    ApiFailure failure =
        catchThrowableOfType(ApiFailure.class, () -> new CatalogueProvisioner(api, "t").provision("{}"));

    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.code()).isEqualTo("invalid_catalogue");
    assertThat(failure.describe()).isEqualTo("HTTP 400 invalid_catalogue: lots[3].district: unknown district '410899'");
  }

  @Test
  void anErrorPageThatIsNotJsonIsStillReported() throws Exception {
    String api = serve(502, "text/html", "<html><body>Bad gateway</body></html>");

    ApiFailure failure =
        catchThrowableOfType(ApiFailure.class, () -> new CatalogueProvisioner(api, "t").provision("{}"));

    assertThat(failure.status()).isEqualTo(502);
    assertThat(failure.describe()).contains("Bad gateway");
  }

  @Test
  void anUnreachableServerIsAFailureNamingTheAddress() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String api = "http://127.0.0.1:" + closedPort;

    ApiFailure failure =
        catchThrowableOfType(ApiFailure.class, () -> new CatalogueProvisioner(api, "t").provision("{}"));

    assertThat(failure.status()).isZero();
    assertThat(failure.describe()).contains("cannot reach " + api + "/api/v1/admin/catalogue");
  }
}
