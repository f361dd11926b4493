package dev.smartparking.alarm.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST of an event to its unit's webhook, ending in an {@link Attempt} whatever happens (the
 * future never fails). The whole call, name lookup included, ends within alarms.delivery-timeout
 * of its start: the claim's lease counts on it.
 */
final class Webhook {

  private final Vertx vertx;
  private final WebClient client;
  private final TargetPolicy policy;
  private final long timeoutMs;
  private final Clock clock;

  Webhook(Vertx vertx, WebClient client, TargetPolicy policy, long timeoutMs, Clock clock) {
    this.vertx = vertx;
    this.client = client;
    this.policy = policy;
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  Future<Attempt> post(Delivery delivery) {
    if (delivery.webhookUrl() == null) {
      return Future.succeededFuture(Attempt.refused("unit " + delivery.unitId() + " has no webhook"));
    }
    URI url;
    try {
      url = new URI(delivery.webhookUrl());
    } catch (URISyntaxException e) {
      return Future.succeededFuture(Attempt.refused("not a URL: " + e.getMessage()));
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Future.succeededFuture(Attempt.refused("scheme '" + scheme + "' is not http or https"));
    }
    if (url.getHost() == null) {
      return Future.succeededFuture(Attempt.refused("no host in " + delivery.webhookUrl()));
    }
    int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    return resolve(url.getHost())
        .compose(address -> {
          String refusal = policy.refusal(address);
          if (refusal != null) {
            return Future.succeededFuture(Attempt.refused(refusal));
          }
          long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          return remainingMs <= 0
              ? Future.succeededFuture(Attempt.timeout(timeoutMs))
              : send(delivery, url, SocketAddress.inetSocketAddress(port, address.getHostAddress()), remainingMs);
        }, failure -> Future.succeededFuture(failure instanceof UnknownHostException
            ? Attempt.refused("cannot resolve " + url.getHost())
            : Attempt.connectionError(failure)))
        // The idle timeout restarts with every byte received, and a name lookup has none: this
        // bounds the whole call.
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(failure -> failure instanceof TimeoutException
            ? Attempt.timeout(timeoutMs)
            : Attempt.connectionError(failure));
  }

  /**
   * Connects to the address that was checked, not to the name again, with the URL's host in the
   * Host header and for TLS. Redirects are not followed: a 3xx is a failed attempt.
   */
  private Future<Attempt> send(Delivery delivery, URI url, SocketAddress server, long remainingMs) {
    byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    return client.requestAbs(HttpMethod.POST, server, url.toString())
        .followRedirects(false)
        .connectTimeout(remainingMs)
        .idleTimeout(remainingMs)
        .putHeader("Content-Type", "application/json")
        .putHeader(WebhookSignature.EVENT_ID, delivery.eventKey())
        .putHeader(WebhookSignature.TIMESTAMP, Long.toString(timestamp))
        .putHeader(WebhookSignature.SIGNATURE, WebhookSignature.sign(delivery.webhookSecret(), timestamp, body))
        // A receiver's answer body is not needed, and not buffered.
        .as(BodyCodec.none())
        .sendBuffer(Buffer.buffer(body))
        .map(Webhook::judge);
  }

  private static Attempt judge(HttpResponse<Void> response) {
    int status = response.statusCode();
    return status >= 200 && status < 300 ? Attempt.delivered(status) : Attempt.httpError(status);
  }

  /** The host's first address; an IP literal needs no lookup. A lookup blocks, so it runs on a worker. */
  private Future<InetAddress> resolve(String host) {
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> InetAddress.getByName(bare), false);
  }
}
