package dev.smartparking.simulator.webhook;

import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.city.Webhook;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A webhook receiver for each unit, as the unit would run one: one HTTP server on an ephemeral
 * loopback port, a path per unit ({@code /hooks/U-01}) with a secret of its own, every POST checked
 * against its signature and recorded. Duplicates are expected (delivery is at least once) and only
 * recorded; verify judges them.
 *
 * <p>{@code refuseShare} of first attempts of an event are answered 503, so the server's retry runs
 * too; a refused attempt is recorded but is no delivery.
 */
public final class WebhookReceivers implements AutoCloseable {

  static final String PATH = "/hooks/";
  private static final int SECRET_BYTES = 24;

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
  private final double refuseShare;
  private final SplittableRandom random;
  // Touched on the server's one event loop only.
  private final Set<String> refusedOnce = new HashSet<>();

  private WebhookReceivers(List<String> unitIds, double refuseShare, long seed) {
    if (!(refuseShare >= 0 && refuseShare < 1)) {
      throw new IllegalArgumentException("the refused share must lie within [0, 1), got " + refuseShare);
    }
    this.refuseShare = refuseShare;
    this.random = new SplittableRandom(seed);
    SecureRandom secureRandom = new SecureRandom();
    for (String unit : unitIds) {
      byte[] secret = new byte[SECRET_BYTES];
      secureRandom.nextBytes(secret);
      secrets.put(unit, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    server.requestHandler(this::onRequest);
    try {
      server.listen().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException("cannot open the webhook receivers' port: " + e.getMessage(), e);
    }
  }

  /** Receivers for {@code units}, listening once this returns. */
  public static WebhookReceivers start(List<Unit> units, double refuseShare, long seed) {
    return new WebhookReceivers(units.stream().map(Unit::id).toList(), refuseShare, seed);
  }

  public int port() {
    return server.actualPort();
  }

  /** The webhook each unit is to be provisioned with: its path here and its secret. */
  public Map<String, Webhook> webhooks() {
    Map<String, Webhook> hooks = new LinkedHashMap<>();
    secrets.forEach((unit, secret) -> hooks.put(unit, new Webhook("http://127.0.0.1:" + port() + PATH + unit, secret)));
    return hooks;
  }

  public Set<String> units() {
    return secrets.keySet();
  }

  /** Every POST taken or refused so far, in arrival order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void onRequest(HttpServerRequest request) {
    request
        .body()
        .onSuccess(body -> request.response().setStatusCode(record(request, body)).end())
        .onFailure(e -> request.response().setStatusCode(400).end());
  }

  private int record(HttpServerRequest request, Buffer body) {
    long now = System.currentTimeMillis();
    String path = request.path();
    String unit = path.startsWith(PATH) ? path.substring(PATH.length()) : null;
    String secret = unit == null ? null : secrets.get(unit);
    String eventId = request.getHeader(WebhookSignature.EVENT_ID_HEADER);
    byte[] bytes = body.getBytes();
    if (secret == null || !"POST".equals(request.method().name())) {
      deliveries.add(new Delivery(null, eventId, "sent to " + request.method() + " " + path + ", no unit's receiver", body.toString(), now, 404));
      return 404;
    }
    String fault =
        WebhookSignature.fault(
            secret, request.getHeader(WebhookSignature.TIMESTAMP_HEADER), request.getHeader(WebhookSignature.SIGNATURE_HEADER), bytes, now);
    int status = 200;
    if (fault != null) {
      // A real receiver refuses a delivery it cannot trust; the server retries it, and verify reports it.
      status = 401;
    } else if (eventId != null && refuseShare > 0 && refusedOnce.add(eventId) && random.nextDouble() < refuseShare) {
      status = 503;
    }
    deliveries.add(new Delivery(unit, eventId, fault, body.toString(), now, status));
    return status;
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      // Leaving anyway: the process exit closes whatever is left.
    }
  }
}
