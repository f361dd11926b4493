package dev.smartparking.ingest.mqtt.tls;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.smartparking.testkit.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** MQTT 5 devices over TLS to 127.0.0.1 (HiveMQ client), and a bare handshake to see the server's certificate. */
final class TlsClients {

  private TlsClients() {}

  /** TLS trusting {@code certificates}' CA, with the device's client certificate when {@code device} is not null. */
  static MqttClientSslConfig tls(TestCertificates certificates, String device) {
    var builder = MqttClientSslConfig.builder().trustManagerFactory(certificates.trust())
        .protocols(List.of("TLSv1.3", "TLSv1.2"));
    return (device == null ? builder : builder.keyManagerFactory(certificates.keys(device))).build();
  }

  static Mqtt5BlockingClient client(int port, String clientId, MqttClientSslConfig tls) {
    return MqttClient.builder().useMqttVersion5().identifier(clientId).serverHost("127.0.0.1").serverPort(port)
        .sslConfig(tls).buildBlocking();
  }

  /** Connected with a password, over TLS trusting the CA. */
  static Mqtt5BlockingClient withPassword(TestCertificates certificates, int port, String device, String secret) {
    Mqtt5BlockingClient client = client(port, device, tls(certificates, null));
    client.connectWith().simpleAuth().username(device).password(secret.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth().send();
    return client;
  }

  /** Connects as {@code clientId} with {@code device}'s certificate and no username or password. */
  static Mqtt5ConnAck connectWithCertificate(TestCertificates certificates, int port, String device,
      String clientId, Mqtt5BlockingClient[] connected) {
    Mqtt5BlockingClient client = client(port, clientId, tls(certificates, device));
    connected[0] = client;
    return client.connect();
  }

  /** The serial number of the certificate the server presents to a new handshake. */
  static BigInteger servedSerial(TestCertificates certificates, int port) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, certificates.trust().getTrustManagers(), null);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.startHandshake();
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("handshake with 127.0.0.1:" + port + " failed: " + e.getMessage(), e);
    }
  }
}
