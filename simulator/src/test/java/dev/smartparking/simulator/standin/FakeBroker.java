package dev.smartparking.simulator.standin;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Queue;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the server's MQTT listener: authenticates devices against the secrets the fake
 * platform was given, records every publish, and acknowledges as the test asks (QoS 1 with
 * PUBACK, QoS 2 with PUBREC then PUBCOMP).
 */
public final class FakeBroker implements AutoCloseable {

  public enum Acks {
    /** Acknowledge everything, store nothing (the platform then reports none of it). */
    ACCEPT,
    /** Acknowledge everything and count it stored, as a server that accepts every message would. */
    STORE,
    REJECT,
    NEVER,
    /** As the server: judge by {@link StatusRules}, store in {@link #store}, PUBACK with the reason's code. */
    JUDGE
  }

  /** The largest payload the server takes; a larger PUBLISH closes the connection (mqtt.max-payload-bytes). */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  public record Received(String clientId, String topic, int qos, String payload) {}

  public final Map<String, String> secrets = new ConcurrentHashMap<>();
  // A queue, not a copy-on-write list: load tests send tens of thousands of messages.
  public final Queue<Received> received = new ConcurrentLinkedQueue<>();
  public final Set<String> accepted = ConcurrentHashMap.newKeySet();
  public final Set<String> refused = ConcurrentHashMap.newKeySet();
  public final AtomicLong released = new AtomicLong();
  public volatile Acks acks = Acks.ACCEPT;
  public final FakeStore store = new FakeStore();
  /** The alarm side: cover readings the broker accepts (not in JUDGE mode) are judged there before the PUBACK. */
  public final FakeAlarms alarms = new FakeAlarms();
  /** Oversized packets that closed their connection. */
  public final AtomicLong closedForSize = new AtomicLong();

  private final StatusRules rules = new StatusRules(store);

  private final Vertx vertx = Vertx.vertx();
  private final MqttServer server;

  public FakeBroker() throws Exception {
    server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0).setMaxMessageSize(4 * MAX_PAYLOAD_BYTES));
    server.endpointHandler(this::onEndpoint);
    server.listen().await(10, TimeUnit.SECONDS);
  }

  public int port() {
    return server.actualPort();
  }

  private void onEndpoint(MqttEndpoint endpoint) {
    String clientId = endpoint.clientIdentifier();
    MqttAuth auth = endpoint.auth();
    boolean valid =
        auth != null
            && clientId.equals(auth.getUsername())
            && auth.getPassword() != null
            && auth.getPassword().equals(secrets.get(clientId));
    if (!valid) {
      refused.add(clientId);
      endpoint.reject(
          endpoint.protocolVersion() == 5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
              : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(message -> onPublish(endpoint, message));
    endpoint.publishReleaseHandler(
        id -> {
          released.incrementAndGet();
          endpoint.publishComplete(id);
        });
    endpoint.accept(false);
    accepted.add(clientId);
  }

  private void onPublish(MqttEndpoint endpoint, MqttPublishMessage message) {
    int qos = message.qosLevel().value();
    received.add(
        new Received(
            endpoint.clientIdentifier(), message.topicName(), qos, message.payload().toString(StandardCharsets.UTF_8)));
    if (acks == Acks.JUDGE) {
      judge(endpoint, message);
      return;
    }
    if (qos == 0 || acks == Acks.NEVER) {
      return;
    }
    boolean reject = acks == Acks.REJECT;
    String[] topic = message.topicName().split("/");
    if (!reject && topic.length == 4 && topic[1].equals("covers") && topic[3].equals("telemetry")) {
      // Raised and cleared as the reading is stored, before its acknowledgement.
      alarms.reading(endpoint.clientIdentifier(), topic[2], new io.vertx.core.json.JsonObject(message.payload().toString(StandardCharsets.UTF_8)));
    }
    if (qos == 2) {
      endpoint.publishReceived(
          message.messageId(),
          reject ? MqttPubRecReasonCode.PAYLOAD_FORMAT_INVALID : MqttPubRecReasonCode.SUCCESS,
          MqttProperties.NO_PROPERTIES);
    } else if (reject) {
      endpoint.publishAcknowledge(
          message.messageId(), MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.publishAcknowledge(message.messageId());
    }
  }

  private void judge(MqttEndpoint endpoint, MqttPublishMessage message) {
    byte[] payload = message.payload().getBytes();
    if (payload.length > MAX_PAYLOAD_BYTES) {
      closedForSize.incrementAndGet();
      endpoint.close();
      return;
    }
    String device = endpoint.clientIdentifier();
    StatusRules.Verdict verdict = rules.judge(device, message.topicName(), payload, System.currentTimeMillis());
    MqttPubAckReasonCode code = MqttPubAckReasonCode.SUCCESS;
    if (verdict.accepted() != null) {
      store.accept(verdict.accepted());
    } else {
      store.reject(
          new FakeStore.Rejection(
              Instant.now(), device, message.topicName(), message.qosLevel().value(), verdict.reason(), verdict.detail(), payload));
      code = REASON_CODES.get(verdict.reason());
    }
    if (message.qosLevel().value() == 1) {
      if (endpoint.protocolVersion() == 5) {
        endpoint.publishAcknowledge(message.messageId(), code, MqttProperties.NO_PROPERTIES);
      } else {
        endpoint.publishAcknowledge(message.messageId());
      }
    }
  }

  private static final Map<String, MqttPubAckReasonCode> REASON_CODES =
      Map.of(
          "malformed", MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
          "invalid", MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
          "clock", MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID,
          "unknown_topic", MqttPubAckReasonCode.TOPIC_NAME_INVALID,
          "forbidden", MqttPubAckReasonCode.NOT_AUTHORIZED,
          "unknown_entity", MqttPubAckReasonCode.NOT_AUTHORIZED);

  @Override
  public void close() throws Exception {
    alarms.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
