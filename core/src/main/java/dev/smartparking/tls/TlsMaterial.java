package dev.smartparking.tls;

import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** What one reading of the TLS files gave: the server's key, the trust in device certificates (or null), and the files' stamps. */
record TlsMaterial(X509ExtendedKeyManager keys, X509ExtendedTrustManager clients, TlsFiles.Stamps stamps) {}
