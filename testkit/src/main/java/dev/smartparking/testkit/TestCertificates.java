package dev.smartparking.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time by the project's {@code bin/make-certs} (openssl) in a temporary
 * directory: a CA, the server's certificate for 127.0.0.1 and localhost, and devices' client
 * certificates; with the JDK key and trust managers a test client needs to use them.
 */
public final class TestCertificates {

  private static final char[] NO_PASSWORD = new char[0];

  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A new CA, a server certificate, and one client certificate per device id. */
  public static TestCertificates make(String... devices) {
    try {
      TestCertificates certificates = new TestCertificates(Files.createTempDirectory("smartparking-certs"));
      certificates.remake(devices);
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another directory with this one's CA: its server certificate is as trusted as this one's. */
  public TestCertificates sameCa(String... devices) {
    try {
      Path other = Files.createTempDirectory("smartparking-certs");
      Files.copy(ca(), other.resolve("ca.pem"));
      Files.copy(dir.resolve("ca.key"), other.resolve("ca.key"));
      TestCertificates certificates = new TestCertificates(other);
      certificates.remake(devices);
      return certificates;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script run again on the same directory: same CA, new server certificate (and these devices'). */
  public void remake(String... devices) {
    List<String> command = new ArrayList<>(List.of(script().toString(), dir.toString()));
    command.addAll(List.of(devices));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("bin/make-certs failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path script() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path script = at.resolve("bin/make-certs");
      if (Files.isExecutable(script)) {
        return script;
      }
    }
    throw new IllegalStateException("bin/make-certs not found above " + Path.of("").toAbsolutePath());
  }

  public Path dir() {
    return dir;
  }

  public Path ca() {
    return dir.resolve("ca.pem");
  }

  public Path serverCert() {
    return dir.resolve("server.pem");
  }

  public Path serverKey() {
    return dir.resolve("server.key");
  }

  public Path cert(String device) {
    return dir.resolve(device + ".pem");
  }

  public Path key(String device) {
    return dir.resolve(device + ".key");
  }

  /** The server certificate now in {@link #serverCert()}. */
  public X509Certificate serverCertificate() {
    return certificate(serverCert());
  }

  /** Trusts this CA only. */
  public TrustManagerFactory trust() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("ca", certificate(ca()));
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The device's client certificate and key. */
  public KeyManagerFactory keys(String device) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(device, privateKey(key(device)), NO_PASSWORD,
          new X509Certificate[] {certificate(cert(device))});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, NO_PASSWORD);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate certificate(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(pem + ": " + e.getMessage(), e);
    }
  }

  /** bin/make-certs writes PKCS#8 EC keys. */
  private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
