package dev.smartparking.tls;

import dev.smartparking.config.ServerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.TrustOptions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS for a listener: certificate, key and client CA from the configured PEM
 * files, read again when their modification times change, so new handshakes get the new
 * certificate without a restart while a bad new file leaves the old one in use.
 */
public final class ServerTls {

  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  /** TLS 1.0 and 1.1 are broken (RFC 8996). */
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private final Vertx vertx;
  private final TlsFiles files;
  private final SwappableKeyManager keys;
  private final SwappableTrustManager clients;
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile TlsFiles.Stamps loaded;
  private volatile TlsFiles.Stamps refused;
  private final Counter reloaded;
  private final Counter refusedReloads;
  private final long timer;

  private ServerTls(Vertx vertx, TlsFiles files, TlsMaterial material, ServerConfig.Tls config, MeterRegistry meters,
      String listener) {
    this.vertx = vertx;
    this.files = files;
    this.reloaded = reloads(meters, listener, "loaded");
    this.refusedReloads = reloads(meters, listener, "refused");
    this.keys = new SwappableKeyManager(material.keys());
    this.clients = material.clients() == null ? null : new SwappableTrustManager(material.clients());
    this.loaded = material.stamps();
    this.timer = vertx.setPeriodic(config.reloadInterval().toMillis(), id -> checkForChanges());
  }

  /**
   * Reads the files once (failing if they cannot be used) and starts watching them; counts the
   * reloads of {@code listener} (mqtt, http) in {@code smartparking_tls_reloads_total}.
   */
  public static Future<ServerTls> start(Vertx vertx, ServerConfig.Tls config, MeterRegistry meters, String listener) {
    TlsFiles files = new TlsFiles(vertx, config);
    return vertx.executeBlocking(files::read)
        .map(material -> {
          LOG.info("TLS certificate loaded from {}{}", config.certFile(),
              config.mutual() ? ", device certificates of " + config.clientCaFile() + " accepted" : "");
          return new ServerTls(vertx, files, material, config, meters, listener);
        });
  }

  /**
   * {@code options} made to serve TLS 1.2/1.3 with the current certificate; with a client CA,
   * a client certificate is asked for but not required, so devices may still use passwords.
   */
  public <T extends NetServerOptions> T secure(T options) {
    options.setSsl(true);
    options.setKeyCertOptions(KeyCertOptions.wrap(keys));
    options.setEnabledSecureTransportProtocols(PROTOCOLS);
    if (clients != null) {
      options.setTrustOptions(TrustOptions.wrap(clients));
      options.setClientAuth(ClientAuth.REQUEST);
    }
    return options;
  }

  private void checkForChanges() {
    // A slow disk must not stack up checks.
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(this::reloadIfChanged, false)
        .onComplete(done -> checking.set(false));
  }

  private Void reloadIfChanged() {
    TlsFiles.Stamps now = files.stamps();
    if (now.equals(loaded) || now.equals(refused)) {
      return null;
    }
    try {
      TlsMaterial material = files.read();
      keys.use(material.keys());
      if (clients != null && material.clients() != null) {
        clients.use(material.clients());
      }
      loaded = material.stamps();
      reloaded.increment();
      LOG.info("TLS files changed: new certificate in use for new connections");
    } catch (Exception e) {
      // Remembered, so a file that stays bad is reported once, not every period.
      refused = now;
      refusedReloads.increment();
      LOG.error("TLS files changed but cannot be used, keeping the previous certificate: {}", e.getMessage());
    }
    return null;
  }

  private static Counter reloads(MeterRegistry meters, String listener, String result) {
    return Counter.builder("smartparking.tls.reloads")
        .description("Changed TLS files: loaded, or refused (the previous certificate kept)")
        .tag("listener", listener).tag("result", result)
        .register(meters);
  }

  public void close() {
    vertx.cancelTimer(timer);
  }
}
