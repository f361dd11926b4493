package dev.smartparking.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A unit's webhook receiver on an ephemeral loopback port, as a unit would write one: it checks
 * each request's signature with the unit's secret (its own HMAC, not the server's code), records
 * what it got, and answers as the test tells it: a status, after a delay, or never. It notices an
 * event that arrives again while an earlier request of it is still open (sent twice at once).
 * {@link #stop} closes the port (connections refused), {@link #start} opens the same port again.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** What to do with a request: answer {@code status} after {@code delayMs}, or never ({@code status} 0). */
  public record Answer(int status, long delayMs) {
    public static final Answer OK = new Answer(200, 0);
    public static final Answer NEVER = new Answer(0, 0);

    public static Answer status(int status) {
      return new Answer(status, 0);
    }

    public static Answer after(long delayMs, int status) {
      return new Answer(status, delayMs);
    }
  }

  /** One request as received. {@code signatureValid}: the signature header matches the body and timestamp. */
  public record Received(String eventKey, JsonObject body, String rawBody, boolean signatureValid, long timestamp,
      long arrivedNanos) {}

  private final Vertx vertx;
  private final String secret;
  private volatile BiFunction<String, Integer, Answer> answers = (event, seen) -> Answer.OK;
  private final List<Received> received = new ArrayList<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final Set<String> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger openNow = new AtomicInteger();
  private final AtomicInteger openMost = new AtomicInteger();
  private final AtomicInteger sentTwiceAtOnce = new AtomicInteger();
  private volatile HttpServer server;
  private int port;

  private WebhookReceiver(Vertx vertx, String secret) {
    this.vertx = vertx;
    this.secret = secret;
  }

  /** A receiver on a free loopback port, answering 200 to everything until told otherwise. */
  public static WebhookReceiver start(Vertx vertx, String secret) {
    WebhookReceiver receiver = new WebhookReceiver(vertx, secret);
    receiver.start();
    return receiver;
  }

  /** Listens (again) on its port; the first time on a free one. */
  public synchronized void start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(this::handle)
        .listen()
        .await();
    port = server.actualPort();
  }

  /** Closes the port and every open connection: calls are refused until {@link #start}. */
  public synchronized void stop() {
    server.close().await();
  }

  /** How to answer from now on: {@code (eventKey, times this event arrived including this one) -> answer}. */
  public void answer(BiFunction<String, Integer, Answer> answers) {
    this.answers = answers;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hooks/alarms";
  }

  public int port() {
    return port;
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Event keys in the order they first arrived. */
  public List<String> firstArrivals() {
    List<String> order = new ArrayList<>();
    for (Received r : received()) {
      if (!order.contains(r.eventKey())) {
        order.add(r.eventKey());
      }
    }
    return order;
  }

  public int timesReceived(String eventKey) {
    AtomicInteger n = seen.get(eventKey);
    return n == null ? 0 : n.get();
  }

  /** Requests of an event that arrived while another request of the same event was still open. */
  public int sentTwiceAtOnce() {
    return sentTwiceAtOnce.get();
  }

  /** The most requests that were open at once. */
  public int mostOpenAtOnce() {
    return openMost.get();
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(buffer -> {
      String eventKey = request.getHeader("X-SmartParking-Event-Id");
      String rawBody = buffer.toString(StandardCharsets.UTF_8);
      String timestamp = request.getHeader("X-SmartParking-Timestamp");
      boolean valid = timestamp != null && MessageDigest.isEqual(
          expectedSignature(timestamp, buffer.getBytes()).getBytes(StandardCharsets.US_ASCII),
          String.valueOf(request.getHeader("X-SmartParking-Signature")).getBytes(StandardCharsets.US_ASCII));
      if (!open.add(eventKey)) {
        sentTwiceAtOnce.incrementAndGet();
      }
      openMost.accumulateAndGet(openNow.incrementAndGet(), Math::max);
      int times = seen.computeIfAbsent(eventKey, k -> new AtomicInteger()).incrementAndGet();
      synchronized (received) {
        received.add(new Received(eventKey, new JsonObject(rawBody), rawBody, valid,
            timestamp == null ? -1 : Long.parseLong(timestamp), System.nanoTime()));
      }
      boolean[] closed = {false};
      Runnable done = () -> {
        if (!closed[0]) {
          closed[0] = true;
          open.remove(eventKey);
          openNow.decrementAndGet();
        }
      };
      request.connection().closeHandler(v -> done.run());
      Answer answer = answers.apply(eventKey, times);
      if (answer.status() == 0) {
        return;
      }
      Runnable respond = () -> {
        done.run();
        request.response().setStatusCode(answer.status()).end();
      };
      if (answer.delayMs() > 0) {
        vertx.setTimer(answer.delayMs(), id -> respond.run());
      } else {
        respond.run();
      }
    });
  }

  private String expectedSignature(String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.close().await();
    }
  }
}
