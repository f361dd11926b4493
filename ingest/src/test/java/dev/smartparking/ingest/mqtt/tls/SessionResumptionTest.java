package dev.smartparking.ingest.mqtt.tls;

import static dev.smartparking.ingest.IngestFixture.GW1;
import static dev.smartparking.ingest.IngestFixture.GW1_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.ingest.IngestFixture;
import dev.smartparking.testkit.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that reconnects over TLS resumes its session (no certificate sent, no signature made),
 * whichever of the listener's event loops takes the connection.
 */
class SessionResumptionTest {

  static final TestCertificates CERTIFICATES = TestCertificates.make();
  /** More connections than listener instances, so each instance is reached at least once in turn. */
  private static final int RECONNECTS = 8;

  @RegisterExtension
  static final IngestFixture fixture = IngestFixture.standard()
      .with("mqtt.instances", "2")
      .with("tls.cert-file", CERTIFICATES.serverCert().toString())
      .with("tls.key-file", CERTIFICATES.serverKey().toString());

  @Test
  void reconnectsWithTheSameClientContextResumeTheFirstSession() throws Exception {
    CountingTrust trust = new CountingTrust(jdkTrust());
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);

    for (int i = 0; i <= RECONNECTS; i++) {
      assertThat(connack(context)).as("CONNACK return code of connection %d", i).isZero();
    }

    // Only a full handshake shows the server's certificate to the client's trust manager.
    assertThat(trust.checks.get()).as("full handshakes among %d connections", RECONNECTS + 1).isEqualTo(1);
  }

  @Test
  void tls12ReconnectsResumeToo() throws Exception {
    CountingTrust trust = new CountingTrust(jdkTrust());
    SSLContext context = SSLContext.getInstance("TLSv1.2");
    context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);

    for (int i = 0; i <= RECONNECTS; i++) {
      assertThat(connack(context, "TLSv1.2")).as("CONNACK return code of connection %d", i).isZero();
    }

    assertThat(trust.checks.get()).as("full handshakes among %d connections", RECONNECTS + 1).isEqualTo(1);
  }

  private static int connack(SSLContext context) throws IOException {
    return connack(context, "TLSv1.3");
  }

  /** One MQTT 3.1.1 session of GW1 over TLS: CONNECT, its CONNACK's return code, DISCONNECT. */
  private static int connack(SSLContext context, String protocol) throws IOException {
    // Host and port given: the JDK keeps client sessions by them.
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", fixture.tlsPort())) {
      socket.setEnabledProtocols(new String[] {protocol});
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(connect(GW1, GW1_SECRET));
      out.flush();
      byte[] connack = new byte[4];
      // Reading past the handshake also takes in the server's session ticket (TLS 1.3 sends it afterwards).
      new DataInputStream(socket.getInputStream()).readFully(connack);
      out.write(new byte[] {(byte) 0xE0, 0});
      out.flush();
      return connack[3];
    }
  }

  private static byte[] connect(String device, String secret) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    utf8(body, "MQTT");
    body.writeBytes(new byte[] {4, (byte) 0xC2, 0, 60});
    utf8(body, device);
    utf8(body, device);
    utf8(body, secret);
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    packet.write(body.size());
    packet.writeBytes(body.toByteArray());
    return packet.toByteArray();
  }

  private static void utf8(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  private static X509ExtendedTrustManager jdkTrust() throws GeneralSecurityException {
    return Arrays.stream(CERTIFICATES.trust().getTrustManagers()).filter(X509ExtendedTrustManager.class::isInstance)
        .map(X509ExtendedTrustManager.class::cast).findFirst().orElseThrow();
  }

  /** The JDK's trust manager, counting server certificate checks: one per full handshake. */
  private static final class CountingTrust extends X509ExtendedTrustManager {
    final AtomicInteger checks = new AtomicInteger();
    private final X509ExtendedTrustManager trust;

    CountingTrust(X509ExtendedTrustManager trust) {
      this.trust = trust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checks.incrementAndGet();
      trust.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checks.incrementAndGet();
      trust.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      checks.incrementAndGet();
      trust.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.getAcceptedIssuers();
    }
  }
}
