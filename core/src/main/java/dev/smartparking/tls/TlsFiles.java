package dev.smartparking.tls;

import dev.smartparking.config.ServerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** The configured PEM files: their modification times, and their contents made into key and trust managers. Blocking. */
final class TlsFiles {

  private static final byte[] PROBE = "smartparking key check".getBytes(StandardCharsets.US_ASCII);

  /** Modification times and sizes of the files, in order cert, key, client CA; a missing file is -1. */
  record Stamps(List<Long> values) {}

  private final List<Path> paths;
  private final ServerConfig.Tls config;
  private final Vertx vertx;

  TlsFiles(Vertx vertx, ServerConfig.Tls config) {
    this.vertx = vertx;
    this.config = config;
    this.paths = (config.mutual()
        ? List.of(config.certFile(), config.keyFile(), config.clientCaFile())
        : List.of(config.certFile(), config.keyFile()))
        .stream().map(Path::of).toList();
  }

  Stamps stamps() {
    return new Stamps(paths.stream()
        .flatMap(path -> {
          try {
            return Stream.of(Files.getLastModifiedTime(path).toMillis(), Files.size(path));
          } catch (IOException e) {
            return Stream.of(-1L, -1L);
          }
        })
        .toList());
  }

  /** Stamps taken before reading: a file replaced while it is read is read again at the next check. */
  TlsMaterial read() throws GeneralSecurityException {
    Stamps stamps = stamps();
    X509ExtendedKeyManager keys = keys(read(config.certFile()), read(config.keyFile()));
    X509ExtendedTrustManager clients = config.mutual() ? trust(read(config.clientCaFile())) : null;
    return new TlsMaterial(keys, clients, stamps);
  }

  private static Buffer read(String file) {
    try {
      return Buffer.buffer(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private X509ExtendedKeyManager keys(Buffer cert, Buffer key) throws GeneralSecurityException {
    KeyManagerFactory factory;
    try {
      factory = new PemKeyCertOptions().setCertValue(cert).setKeyValue(key).getKeyManagerFactory(vertx);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException(config.certFile() + " / " + config.keyFile() + ": " + e.getMessage(), e);
    }
    X509ExtendedKeyManager manager = only(factory.getKeyManagers(), X509ExtendedKeyManager.class);
    requireMatchingKey(manager);
    return manager;
  }

  /** A key that is not the certificate's would only show as failed handshakes: refuse it here. */
  private void requireMatchingKey(X509ExtendedKeyManager manager) throws GeneralSecurityException {
    String alias = Optional.ofNullable(manager.getServerAliases("RSA", null))
        .or(() -> Optional.ofNullable(manager.getServerAliases("EC", null)))
        .filter(aliases -> aliases.length > 0)
        .map(aliases -> aliases[0])
        .orElseThrow(() -> new GeneralSecurityException(config.certFile() + ": no RSA or EC certificate"));
    PrivateKey key = manager.getPrivateKey(alias);
    X509Certificate certificate = manager.getCertificateChain(alias)[0];
    certificate.checkValidity();
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(PROBE);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(PROBE);
    if (!verifier.verify(signature)) {
      throw new GeneralSecurityException(config.keyFile() + " is not the key of " + config.certFile());
    }
  }

  private X509ExtendedTrustManager trust(Buffer cas) throws GeneralSecurityException {
    TrustManagerFactory factory;
    try {
      factory = new PemTrustOptions().addCertValue(cas).getTrustManagerFactory(vertx);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new GeneralSecurityException(config.clientCaFile() + ": " + e.getMessage(), e);
    }
    return only(factory.getTrustManagers(), X509ExtendedTrustManager.class);
  }

  private static <T> T only(Object[] managers, Class<T> type) throws GeneralSecurityException {
    return Arrays.stream(managers).filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new GeneralSecurityException("no " + type.getSimpleName() + " among " + Arrays.toString(managers)));
  }
}
