package dev.smartparking.ingest.mqtt;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;

/** The device id a connection proved with its client certificate: the CN of a certificate the client CA signed. */
final class DeviceCertificate {

  private DeviceCertificate() {}

  /**
   * Empty without TLS or without a client certificate. The TLS handshake has already refused a
   * certificate the client CA did not sign, so one present here is trusted.
   */
  static Optional<String> deviceId(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
      return Optional.empty();
    }
    return commonName(certificate.getSubjectX500Principal());
  }

  private static Optional<String> commonName(X500Principal subject) {
    try {
      List<Rdn> parts = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
      // The most specific CN comes last in LdapName's order.
      for (int i = parts.size() - 1; i >= 0; i--) {
        if (parts.get(i).getType().equalsIgnoreCase("CN")) {
          return Optional.of(parts.get(i).getValue().toString());
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }
}
