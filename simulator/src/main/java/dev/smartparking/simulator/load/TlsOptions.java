package dev.smartparking.simulator.load;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The TLS options of the commands that open MQTT connections ({@code load}, {@code flood}). */
public final class TlsOptions {

  @Option(names = "--tls", description = "MQTT over TLS (1.3 or 1.2), trusting --cafile or else the JDK's CAs.")
  boolean tls;

  @Option(names = "--cafile", description = "PEM CA certificate the server's certificate must chain to (implies --tls), e.g. the ca.pem of bin/make-certs.")
  File caFile;

  @Option(
      names = "--tls-no-resume",
      description = "Every TLS connection makes a full handshake: no session resumption, and the server's name unchecked (benchmarks of handshake cost).")
  boolean noResume;

  @Option(
      names = "--tls-provider",
      description = "openssl (BoringSSL) or jdk: whose TLS the client uses. Default: openssl where it loads, else jdk"
          + " (a JDK handshake costs the generator milliseconds of CPU).")
  String provider;

  /** Why these options cannot be used together, or null. */
  public String problem() {
    if ((noResume || provider != null) && !on()) {
      return "--tls-no-resume and --tls-provider need --tls or --cafile";
    }
    if (provider != null && !provider.equals("jdk") && !provider.equals("openssl")) {
      return "--tls-provider is openssl or jdk, got '" + provider + "'";
    }
    if ("openssl".equals(provider) && !OpenSsl.isAvailable()) {
      return "--tls-provider openssl: BoringSSL does not load here (" + OpenSsl.unavailabilityCause() + ")";
    }
    return null;
  }

  /** TLS for the connections, a handshake taking at most {@code handshakeTimeout}; null over plain TCP. */
  public LoadTls create(Duration handshakeTimeout) throws IOException {
    return on() ? LoadTls.of(caFile, !noResume, handshakeTimeout, sslProvider()) : null;
  }

  /** The options again, for a child process. */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    if (tls) {
      args.add("--tls");
    }
    if (caFile != null) {
      args.addAll(List.of("--cafile", caFile.getPath()));
    }
    if (noResume) {
      args.add("--tls-no-resume");
    }
    if (provider != null) {
      args.addAll(List.of("--tls-provider", provider));
    }
    return args;
  }

  private SslProvider sslProvider() {
    if (provider == null) {
      return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
    return provider.equals("jdk") ? SslProvider.JDK : SslProvider.OPENSSL;
  }

  private boolean on() {
    return tls || caFile != null;
  }
}
