package dev.smartparking.simulator.load;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS for load connections (MQTT over TLS): the CA to trust, and whether a connection may resume
 * a session an earlier one made, so a bench can compare full handshakes with resumed ones.
 */
final class LoadTls {

  private final SslContext context;
  private final boolean resume;
  private final AtomicLong handshakes = new AtomicLong();
  private final AtomicLong resumed = new AtomicLong();

  private LoadTls(SslContext context, boolean resume) {
    this.context = context;
    this.resume = resume;
  }

  /** Trusting {@code caFile}, or the JDK's CAs when it is null. */
  static LoadTls of(File caFile, boolean resume) throws SSLException {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3", "TLSv1.2");
    return new LoadTls((caFile == null ? builder : builder.trustManager(caFile)).build(), resume);
  }

  /**
   * Puts TLS first on the channel. Resuming, the engine knows the server's name and port, which is
   * what the JDK caches sessions by, and checks the certificate is the server's; not resuming,
   * it knows neither, so every handshake is a full one (and the name goes unchecked: a bench only).
   */
  void addTo(Channel channel, String host, InetSocketAddress target) {
    SslHandler handler = resume
        ? context.newHandler(channel.alloc(), host, target.getPort())
        : context.newHandler(channel.alloc());
    SSLEngine engine = handler.engine();
    if (resume) {
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    }
    long started = System.currentTimeMillis();
    handler.handshakeFuture().addListener(done -> {
      if (done.isSuccess()) {
        handshakes.incrementAndGet();
        // A resumed session is the one an earlier handshake created.
        if (engine.getSession().getCreationTime() < started) {
          resumed.incrementAndGet();
        }
      }
    });
    channel.pipeline().addFirst(handler);
  }

  /** For stderr at the end of a run. */
  String summary() {
    return String.format("tls: %,d handshakes, %,d of them resumed", handshakes.get(), resumed.get());
  }
}
