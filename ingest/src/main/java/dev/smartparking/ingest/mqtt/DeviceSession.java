package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import dev.smartparking.ingest.Outcome;
import dev.smartparking.ingest.budget.RejectBudget;
import dev.smartparking.ingest.decode.Inbound;
import dev.smartparking.ingest.decode.ParsedTopic;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.TopicParser;
import dev.smartparking.ingest.decode.Verdict;
import dev.smartparking.ingest.registry.Device;
import dev.smartparking.ingest.store.BatchWriter;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Collections;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device connection. Its publish path is one flat chain: inspect, spend the reject
 * budget if it is a rejection, write, acknowledge in order. Through a transient storage fault the
 * writer holds the message and retries, so the connection stays open and unacknowledged; any other
 * storage failure closes it unacknowledged so the device sends again. A rejection beyond the
 * device's budget is neither stored nor acknowledged: the device is disconnected instead.
 */
final class DeviceSession implements IntakeThrottle.Reader {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceSession.class);
  private static final OverBudget OVER_BUDGET = new OverBudget();
  /** How long a device has to read its DISCONNECT before the server closes the connection. */
  private static final long DISCONNECT_GRACE_MS = 1_000;

  /** Ends the publish chain of a rejection over budget: nothing to write, the device is being cut off. */
  private static final class OverBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OverBudget() {
      super("over its reject budget", null, false, false);
    }
  }

  private final MqttEndpoint endpoint;
  private final Device device;
  /** What outlives the connection if the device asked to keep its session: the QoS 2 ids awaiting PUBREL. */
  private final PersistentSessions.SessionState session;
  private final Context context;
  private final MessageInspector inspector;
  private final BatchWriter writer;
  private final Sessions sessions;
  private final IngestMetrics metrics;
  private final int maxPayloadBytes;
  private final int inFlightLimit;
  private final IntakeThrottle throttle;
  private final AckSequencer acks;
  private final SocketReads reads;
  private final RejectBudget rejectBudget;
  private final Connections connections;
  private final Promise<Void> closed = Promise.promise();
  private int inFlight;
  private boolean cutOff;
  /** The number this session was announced to other ingest processes under ({@link SessionAnnouncements}). */
  private volatile long announcement;
  /** Its announcement went round: a later one from another process supersedes it. */
  private volatile boolean announced;
  /** Set when the server stops reading to shut down: completed once nothing read is in flight. */
  private Promise<Void> quiet;
  /** Told to go for the shutdown: nothing more is handled. */
  private boolean leaving;
  private long committedWhileDraining;
  private long acknowledgedBeforeDrain;

  DeviceSession(MqttEndpoint endpoint, Device device, PersistentSessions.SessionState session, Context context, MessageInspector inspector,
      BatchWriter writer, Sessions sessions, IngestMetrics metrics, int maxPayloadBytes, int inFlightLimit,
      IntakeThrottle throttle, PendingFlushes flushes, RejectBudget rejectBudget, Connections connections) {
    this.endpoint = endpoint;
    this.device = device;
    this.session = session;
    this.context = context;
    this.inspector = inspector;
    this.writer = writer;
    this.sessions = sessions;
    this.metrics = metrics;
    this.maxPayloadBytes = maxPayloadBytes;
    this.inFlightLimit = inFlightLimit;
    this.throttle = throttle;
    this.rejectBudget = rejectBudget;
    this.connections = connections;
    NetSocketInternal socket = EndpointSocket.of(endpoint);
    // Before the session is registered, where other event loops can see it and write to it.
    SocketWriteQueue.shrink(socket);
    this.acks = new AckSequencer(endpoint, socket.channelHandlerContext(), flushes, metrics);
    this.reads = new SocketReads(socket, metrics);
  }

  /** The QoS 2 packet ids this connection answered with PUBREC and has not had released. */
  Set<Integer> awaitingRelease() {
    return session.awaitingRelease();
  }

  String deviceId() {
    return device.id();
  }

  Device device() {
    return device;
  }

  void announcedAs(long number) {
    announcement = number;
  }

  void announcementArrived(long number) {
    if (number == announcement) {
      announced = true;
    }
  }

  boolean announced() {
    return announced;
  }

  void open(MqttProperties connackProperties) {
    endpoint.publishAutoAck(false)
        .publishHandler(this::onPublish)
        .publishReleaseHandler(this::onRelease)
        .subscribeHandler(this::onSubscribe)
        .unsubscribeHandler(this::onUnsubscribe)
        .exceptionHandler(e -> LOG.debug("Connection of {} failed: {}", device.id(), e.getMessage()))
        .closeHandler(v -> onClose());
    endpoint.subscriptionAutoAck(false);
    sessions.register(this);
    connections.add(this);
    throttle.add(this);
    metrics.connectionOpened();
    endpoint.accept(session.present(), connackProperties);
  }

  private void onPublish(MqttPublishMessage message) {
    if (leaving) {
      // sent after its DISCONNECT reached it: neither handled nor acknowledged, the device sends it again
      return;
    }
    if (message.payload().length() > maxPayloadBytes) {
      LOG.info("Closing {}: payload of {} bytes exceeds {}", device.id(), message.payload().length(), maxPayloadBytes);
      endpoint.close();
      return;
    }
    ParsedTopic topic = TopicParser.parse(message.topicName());
    metrics.received(topic.kind(), message.qosLevel().value());
    AckSequencer.Slot slot = acks.expect(message);
    if (message.qosLevel() == MqttQoS.EXACTLY_ONCE && session.awaitingRelease().contains(message.messageId())) {
      // Sent again, its PUBREC lost: it was committed before that PUBREC, so it is answered again
      // and neither handled nor stored twice (MQTT 3.1.1 §4.3.3, 5.0 §4.3.3).
      acks.complete(slot, Outcome.DUPLICATE);
      return;
    }
    Inbound inbound = new Inbound(device.id(), message.topicName(), message.qosLevel().value(), message.payload(),
        System.currentTimeMillis());
    inFlight(+1);
    inspector.inspect(device, topic, inbound)
        .compose(this::withinBudget)
        .compose(this::write)
        .andThen(written -> inFlight(-1))
        .onSuccess(outcome -> acknowledge(slot, message, outcome))
        .onFailure(cause -> {
          if (!(cause instanceof OverBudget)) {
            onStorageFailure(cause);
          }
        })
        .onComplete(answered -> {
          if (quiet != null && inFlight == 0) {
            quiet.tryComplete();
          }
        });
  }

  private void acknowledge(AckSequencer.Slot slot, MqttPublishMessage message, Outcome outcome) {
    if (quiet != null) {
      committedWhileDraining++;
    }
    // A QoS 2 flow goes on to PUBREL unless MQTT 5's PUBREC refuses the message (a code of 0x80 or more).
    if (message.qosLevel() == MqttQoS.EXACTLY_ONCE && (endpoint.protocolVersion() < 5 || !outcome.isRejection())) {
      session.awaitingRelease().add(message.messageId());
    }
    acks.complete(slot, outcome);
  }

  /**
   * PUBCOMP, also for an id not awaiting release (lost with a crashed process, or taken over from
   * a connection that had not closed yet): its message was committed before its PUBREC.
   */
  private void onRelease(int messageId) {
    if (!leaving) {
      session.awaitingRelease().remove(messageId);
      endpoint.publishComplete(messageId);
    }
  }

  /**
   * The server is stopping: nothing more is read from this connection. Completes once every
   * message read is answered: committed and acknowledged, or failed and so never acknowledged.
   */
  Future<Void> quiesce() {
    reads.stop();
    acknowledgedBeforeDrain = acks.sent();
    quiet = Promise.promise();
    if (inFlight == 0) {
      quiet.complete();
    }
    return quiet.future();
  }

  /**
   * Sends the device away for the shutdown, after the acknowledgements already written: MQTT 5 with
   * DISCONNECT 0x8B, and its close awaited ({@link #closed()}) so that no reset drops the packet;
   * MQTT 3.1.1 by closing. Whatever commits later is not acknowledged.
   */
  DrainReport leave() {
    if (!endpoint.isConnected()) {
      return DrainReport.NONE;
    }
    DrainReport report = new DrainReport(1, committedWhileDraining, acks.sent() - acknowledgedBeforeDrain,
        acks.pending());
    leaving = true;
    if (endpoint.protocolVersion() >= 5) {
      acks.disconnect(MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN);
      reads.discard();
    } else {
      acks.close();
      endpoint.close();
    }
    return report;
  }

  /** Completes when the connection is closed, by either side. */
  Future<Void> closed() {
    return closed.future();
  }

  /** Closes the connection now, if it is still open. */
  void close() {
    if (endpoint.isConnected()) {
      endpoint.close();
    }
  }

  /**
   * A rejection spends the device's budget; the one beyond it is not stored (that is what the
   * budget bounds) and cuts the device off. Messages it sent before, still in flight, are written as
   * usual, and their acknowledgements are lost with the connection: the device resends them later,
   * and the stored ones are then duplicates.
   */
  private Future<Verdict> withinBudget(Verdict verdict) {
    if (verdict instanceof Rejected && !rejectBudget.spend(device.id())) {
      cutOff();
      return Future.failedFuture(OVER_BUDGET);
    }
    return Future.succeededFuture(verdict);
  }

  private void cutOff() {
    if (cutOff || !endpoint.isConnected()) {
      return;
    }
    cutOff = true;
    LOG.info("Disconnecting {}: its rejected messages exceed its budget; refused until its cool-down ends",
        device.id());
    metrics.rejectBudgetDisconnect();
    reads.stop();
    if (endpoint.protocolVersion() < 5) {
      endpoint.close();
      return;
    }
    acks.disconnect(MqttDisconnectReasonCode.QUOTA_EXCEEDED);
    // Closed a moment later rather than at once, as vertx-mqtt's disconnect would: a flooding device
    // has packets the server will not read, and closing a socket with unread data sends a TCP reset,
    // which makes the device's kernel drop the DISCONNECT before the device has read it.
    context.owner().setTimer(DISCONNECT_GRACE_MS, id -> {
      if (endpoint.isConnected()) {
        endpoint.close();
      }
    });
  }

  /** Queued for the next batch: the writer's backlog grew, which may put storage behind. */
  private Future<Outcome> write(Verdict verdict) {
    Future<Outcome> written = writer.write(verdict);
    throttle.check();
    return written;
  }

  /**
   * Messages of this connection not yet written, QoS 0 included: at the limit (the receive maximum
   * MQTT 5 clients are told, and the same bound for 3.1.1) its socket is not read.
   */
  private void inFlight(int delta) {
    inFlight += delta;
    metrics.inFlightChanged(delta);
    reads.inFlightFull(inFlight >= inFlightLimit);
    throttle.check();
  }

  /** The writer of this event loop is behind (or caught up): stop (or resume) reading this device. */
  @Override
  public void storageBehind(boolean behind) {
    reads.storageBehind(behind);
  }

  /**
   * Storage failed for a reason the writer does not wait out (not unreachable, not the data): nothing
   * is acknowledged, and closing makes the device retransmit on reconnect.
   */
  private void onStorageFailure(Throwable cause) {
    if (endpoint.isConnected()) {
      LOG.warn("Closing {} unacknowledged: storage failed: {}", device.id(), cause.getMessage());
      endpoint.close();
    }
  }

  /** Devices only publish (PROTOCOL.md): every subscription is refused. */
  private void onSubscribe(MqttSubscribeMessage subscribe) {
    int n = subscribe.topicSubscriptions().size();
    if (endpoint.protocolVersion() >= 5) {
      endpoint.subscribeAcknowledge(subscribe.messageId(),
          Collections.nCopies(n, MqttSubAckReasonCode.NOT_AUTHORIZED), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(n, MqttQoS.FAILURE));
    }
  }

  private void onUnsubscribe(MqttUnsubscribeMessage unsubscribe) {
    if (endpoint.protocolVersion() >= 5) {
      endpoint.unsubscribeAcknowledge(unsubscribe.messageId(),
          Collections.nCopies(unsubscribe.topics().size(), MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED),
          MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
    }
  }

  /** Another connection with this client id arrived: close this one, on its own event loop. */
  void takenOver() {
    context.runOnContext(v -> {
      if (endpoint.isConnected()) {
        disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER);
      }
    });
  }

  /**
   * The registry no longer grants what this session was authenticated with (secret rotated, device
   * disabled, bindings changed): close it, on its own event loop. Its next CONNECT is judged anew.
   */
  void revoked() {
    context.runOnContext(v -> {
      if (endpoint.isConnected()) {
        LOG.info("Closing {}: its credentials or bindings changed in the registry", device.id());
        metrics.revokedDisconnect();
        disconnect(MqttDisconnectReasonCode.NOT_AUTHORIZED);
      }
    });
  }

  /** MQTT 5 is told why in a DISCONNECT; MQTT 3.1.1 has no such packet from a server, only the close. */
  private void disconnect(MqttDisconnectReasonCode reason) {
    if (endpoint.protocolVersion() >= 5) {
      // vertx-mqtt closes the connection after sending the DISCONNECT; closing again would throw
      endpoint.disconnect(reason, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }

  private void onClose() {
    sessions.persistent().close(device.id(), session);
    sessions.unregister(this);
    connections.remove(this);
    throttle.remove(this);
    reads.closed();
    metrics.connectionClosed();
    closed.tryComplete();
  }
}
