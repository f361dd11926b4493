package dev.smartparking.simulator.load;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for load and flood connections (MQTT over TLS): the CA to trust, and whether a connection may
 * resume a session an earlier one made, so a bench can compare full handshakes with resumed ones.
 *
 * <p>The client keeps one session per server host and port, and the JDK's client uses a TLS 1.3
 * ticket for one handshake only (the server sends a fresh one after each). Shared by every
 * connection, that one slot let almost nothing resume once connections overlapped (0 of 2,000 in
 * a load connect burst, 3 of 48 in a flood with 10 in flight). So each connection names its
 * session slot, as each device of a city keeps a session of its own.
 */
public final class LoadTls {

  private final SslContext context;
  private final boolean resume;
  private final SslProvider provider;
  private final Duration handshakeTimeout;
  private final AtomicLong handshakes = new AtomicLong();
  /** Only a full handshake checks the server's certificate; a resumed one trusts the earlier check. */
  private final AtomicLong fullHandshakes = new AtomicLong();

  private LoadTls(File caFile, boolean resume, Duration handshakeTimeout, SslProvider provider) throws IOException {
    this.resume = resume;
    this.provider = provider;
    this.handshakeTimeout = handshakeTimeout;
    this.context = SslContextBuilder.forClient().sslProvider(provider).protocols("TLSv1.3", "TLSv1.2")
        .trustManager(new CountingTrustManager(trust(caFile), fullHandshakes))
        // Without the server's name (not resuming) there is nothing to check it against.
        .endpointIdentificationAlgorithm(resume ? "HTTPS" : null)
        .build();
  }

  /**
   * Trusting {@code caFile}, or the JDK's CAs when it is null; a handshake may take {@code
   * handshakeTimeout}; {@code provider}'s TLS (BoringSSL where it loads costs the generator far less
   * CPU a handshake than the JDK's).
   */
  public static LoadTls of(File caFile, boolean resume, Duration handshakeTimeout, SslProvider provider)
      throws IOException {
    return new LoadTls(caFile, resume, handshakeTimeout, provider);
  }

  private static X509ExtendedTrustManager trust(File caFile) throws IOException {
    try {
      KeyStore store = null;
      if (caFile != null) {
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile.toPath())) {
          int i = 0;
          for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("ca-" + i++, ca);
          }
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return Arrays.stream(factory.getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
          .map(X509ExtendedTrustManager.class::cast).findFirst()
          .orElseThrow(() -> new SSLException("no X.509 trust manager"));
    } catch (GeneralSecurityException e) {
      throw new SSLException((caFile == null ? "the JDK's CAs" : caFile.toString()) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Puts TLS first on the channel. Resuming, the engine knows the server's name, and checks the
   * certificate is the server's, and a port that is really {@code session}: the JDK caches client
   * sessions by name and port, and uses the port for nothing else. Not resuming, it knows neither,
   * so every handshake is a full one (and the name goes unchecked: a bench only).
   *
   * @param session the connection's session slot (a device's index); a slot is best used by one
   *     connection at a time
   */
  public void addTo(Channel channel, String host, int session) {
    SslHandler handler = resume
        ? context.newHandler(channel.alloc(), host, session)
        : context.newHandler(channel.alloc());
    handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
    handler.handshakeFuture().addListener(done -> {
      if (done.isSuccess()) {
        handshakes.incrementAndGet();
      }
    });
    channel.pipeline().addFirst(handler);
  }

  /** For stderr at the end of a run. */
  public String summary() {
    return String.format("tls: %,d handshakes, %,d of them resumed (client %s)", handshakes(), resumed(),
        provider.name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Handshakes that succeeded so far. */
  public long handshakes() {
    return handshakes.get();
  }

  /** Of {@link #handshakes()}, those that resumed an earlier session. */
  public long resumed() {
    return Math.max(0, handshakes.get() - fullHandshakes.get());
  }

  /** The JDK's trust manager, counting the server certificates it checks (one per full handshake). */
  private static final class CountingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager trust;
    private final AtomicLong checks;

    CountingTrustManager(X509ExtendedTrustManager trust, AtomicLong checks) {
      this.trust = trust;
      this.checks = checks;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checks.incrementAndGet();
      trust.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checks.incrementAndGet();
      trust.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      checks.incrementAndGet();
      trust.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      trust.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.getAcceptedIssuers();
    }
  }
}
