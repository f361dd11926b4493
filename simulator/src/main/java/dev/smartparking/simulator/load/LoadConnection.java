package dev.smartparking.simulator.load;

import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.device.SequenceNumbers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One device's MQTT session in a load run, on raw Netty: CONNECT, then PUBLISH as its loop's driver
 * allows, recording every acknowledgement.
 *
 * <p>Runs entirely on its channel's event loop. Writes go into one pending buffer that is flushed
 * once per read batch or pacing tick, so a burst of acknowledgements costs one write system call.
 * On the publishing path nothing is allocated per message: status packets are prebuilt and patched
 * ({@link StatusPackets}), acknowledgements are read in place ({@link AckDecoder}).
 */
final class LoadConnection extends ChannelInboundHandlerAdapter implements AckDecoder.Acks {

  /** MQTT 5 reason codes from 0x80 up are failures. */
  private static final int NEGATIVE = 0x80;

  private final LoadDevice device;
  private final LoadSettings settings;
  private final LoadRecorder recorder;
  private final LoopDriver driver;
  private final Runnable settled;
  private final byte[] topic;
  private final InFlight inFlight;
  private final SequenceNumbers seq;
  private final boolean mqtt5;
  /** A cover sensor's readings; null for a lot gateway, which publishes status. */
  private final CoverReadings readings;
  /** A lot gateway's status packets; null for a cover sensor. */
  private final StatusPackets statusPackets;

  private ChannelHandlerContext ctx;
  private ByteBuf pending;
  private long lastWriteNanos;
  private boolean accepted;
  private boolean attemptOver;
  private boolean closing;
  private boolean streaming;
  private String lostReason;
  private ScheduledFuture<?> connackTimer;

  /** Position in the driver's list, so leaving it is O(1). */
  int driverSlot = -1;

  /** Published to during the current pacing tick, so flushed at its end. */
  boolean touched;

  /**
   * @param settled run once when the connection attempt has ended, accepted or not
   */
  LoadConnection(
      LoadDevice device,
      LoadSettings settings,
      LoadRecorder recorder,
      LoopDriver driver,
      long seqBaseMillis,
      Runnable settled) {
    this.device = device;
    this.settings = settings;
    this.recorder = recorder;
    this.driver = driver;
    this.settled = settled;
    this.topic = device.topic().getBytes(StandardCharsets.UTF_8);
    this.inFlight = new InFlight(settings.window());
    this.seq = SequenceNumbers.fromWallClock(seqBaseMillis);
    this.mqtt5 = settings.version() == MqttVersion.V5;
    this.readings = device.coverSensor() ? new CoverReadings(settings.mix().alarmShare()) : null;
    this.statusPackets = device.coverSensor() ? null : new StatusPackets(topic, settings.qos(), mqtt5, device.capacity());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(connectMessage(), ctx.voidPromise());
    lastWriteNanos = System.nanoTime();
    long timeout = settings.connectTimeout().toMillis();
    connackTimer =
        ctx.executor()
            .schedule(
                () -> {
                  if (!attemptOver) {
                    failAttempt("no CONNACK within " + timeout + " ms");
                    ctx.close();
                  }
                },
                timeout,
                TimeUnit.MILLISECONDS);
    ctx.fireChannelActive();
  }

  private MqttConnectMessage connectMessage() {
    String username = settings.sharedLogin() ? settings.username() : device.id();
    String password = settings.sharedLogin() ? settings.password() : device.secret();
    return MqttMessageBuilders.connect()
        .clientId(device.id())
        .protocolVersion(mqtt5 ? io.netty.handler.codec.mqtt.MqttVersion.MQTT_5 : io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1)
        .cleanSession(true)
        .keepAlive(settings.keepAliveSeconds())
        .username(username)
        .password(password == null ? null : password.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /** The TCP connect itself failed; the run passes the connect future's cause. */
  void connectFailed(Throwable cause) {
    failAttempt(describe(cause));
  }

  private void failAttempt(String kind) {
    if (attemptOver) {
      return;
    }
    attemptOver = true;
    recorder.connectFailed(kind);
    settled.run();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!(msg instanceof MqttMessage message)) {
        return;
      }
      if (message.decoderResult().isFailure()) {
        recorder.protocolError("undecodable packet: " + describe(message.decoderResult().cause()));
        lostReason = "undecodable packet";
        ctx.close();
        return;
      }
      switch (message.fixedHeader().messageType()) {
        case CONNACK -> onConnAck((MqttConnAckMessage) message);
        case DISCONNECT -> lostReason = "server DISCONNECT" + reason(message);
        default -> recorder.protocolError("unexpected " + message.fixedHeader().messageType());
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onConnAck(MqttConnAckMessage connAck) {
    if (connackTimer != null) {
      connackTimer.cancel(false);
    }
    if (attemptOver) {
      return;
    }
    MqttConnectReturnCode code = connAck.variableHeader().connectReturnCode();
    if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
      failAttempt("refused " + code.name());
      ctx.close();
      return;
    }
    if (mqtt5) {
      // The server's receive maximum caps how many QoS 1/2 messages may be unacknowledged.
      MqttProperties.MqttProperty<?> receiveMaximum =
          connAck.variableHeader().properties().getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
      if (receiveMaximum != null && receiveMaximum.value() instanceof Integer maximum) {
        inFlight.limit(maximum);
      }
    }
    attemptOver = true;
    accepted = true;
    recorder.connected();
    driver.add(this);
    settled.run();
  }

  @Override
  public void acknowledged(int type, int packetId, int reasonCode) {
    switch (type) {
      case AckDecoder.PUBACK -> onPubAck(packetId, reasonCode);
      case AckDecoder.PUBREC -> onPubRec(packetId, reasonCode);
      default -> onPubComp(packetId, reasonCode);
    }
  }

  @Override
  public void undecodable(String why) {
    recorder.protocolError("undecodable packet: " + why);
    lostReason = "undecodable packet";
    ctx.close();
  }

  private void onPubAck(int id, int reasonCode) {
    if (settings.qos() != 1 || !inFlight.holds(id)) {
      recorder.protocolError("PUBACK for packet id not in flight");
      return;
    }
    recorder.acknowledged(inFlight.release(id), System.nanoTime(), reasonCode >= NEGATIVE);
    fill();
  }

  private void onPubRec(int id, int reasonCode) {
    if (settings.qos() != 2 || !inFlight.holds(id)) {
      recorder.protocolError("PUBREC for packet id not in flight");
      return;
    }
    long now = System.nanoTime();
    if (inFlight.markReceived(id)) {
      recorder.received(inFlight.sentNanos(id), now);
    }
    if (reasonCode >= NEGATIVE) {
      // A negative PUBREC ends the exchange: no PUBREL follows.
      recorder.acknowledged(inFlight.release(id), now, true);
      fill();
      return;
    }
    PacketWriter.pubrel(buffer(), id);
  }

  private void onPubComp(int id, int reasonCode) {
    if (settings.qos() != 2 || !inFlight.holds(id)) {
      recorder.protocolError("PUBCOMP for packet id not in flight");
      return;
    }
    recorder.acknowledged(inFlight.release(id), System.nanoTime(), reasonCode >= NEGATIVE);
    fill();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      fill();
      flush();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (lostReason == null) {
      lostReason = describe(cause);
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (connackTimer != null) {
      connackTimer.cancel(false);
    }
    if (pending != null) {
      pending.release();
      pending = null;
    }
    if (!attemptOver) {
      failAttempt(lostReason != null ? lostReason : "closed before CONNACK");
    } else if (accepted) {
      recorder.closed();
      driver.remove(this);
      recorder.unacknowledged(inFlight.clear());
      if (!closing) {
        recorder.connectionLost(lostReason != null ? lostReason : "closed by the server");
      }
    }
    ctx.fireChannelInactive();
  }

  /**
   * Sends what the window allows while the driver publishes: at QoS 1/2 into the pending buffer
   * (flushed by the caller) once at least a batch is free, at QoS 0 one batch of {@code window}
   * messages whose completed write schedules the next, so a fast connection takes its turn behind
   * the others on the loop.
   */
  void fill() {
    if (!accepted || closing || settings.paced() || !driver.publishing()) {
      return;
    }
    if (settings.qos() > 0) {
      // Topping up only once a batch has been acknowledged turns a trickle of acknowledgements
      // into few, larger writes: measured against Mosquitto, 6 µs of generator CPU per message
      // instead of 16 µs with a write per acknowledgement.
      int room = inFlight.room();
      if (room >= Math.min(settings.batch(), inFlight.limit())) {
        publish(room);
      }
      return;
    }
    if (streaming || !ctx.channel().isWritable()) {
      return;
    }
    if (publish(settings.window()) == 0) {
      return;
    }
    streaming = true;
    ByteBuf batch = pending;
    pending = null;
    lastWriteNanos = System.nanoTime();
    ctx.writeAndFlush(batch)
        .addListener(
            written -> {
              streaming = false;
              if (written.isSuccess()) {
                ctx.executor().execute(this::fill);
              }
            });
  }

  /** Appends up to {@code max} messages, fewer when the window is full; returns how many. */
  int publish(int max) {
    if (max <= 0 || !accepted || closing) {
      return 0;
    }
    if (settings.qos() == 0 && !ctx.channel().isWritable()) {
      // QoS 0 has no window: a full outbound buffer is the only sign that the server lags.
      return 0;
    }
    long nowNanos = System.nanoTime();
    long wallMillis = System.currentTimeMillis();
    ByteBuf out = buffer();
    int total = device.capacity();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int sent = 0;
    for (; sent < max; sent++) {
      int id = 0;
      if (settings.qos() > 0) {
        id = inFlight.acquire(nowNanos);
        if (id == 0) {
          break;
        }
      }
      if (statusPackets != null) {
        statusPackets.write(out, id, seq.next(), wallMillis, random.nextInt(total + 1));
      } else {
        PacketWriter.publish(out, topic, settings.qos(), id, mqtt5, readings.next(seq.next(), wallMillis));
      }
    }
    if (sent > 0) {
      recorder.sent(sent);
    }
    return sent;
  }

  /** Writes whatever is pending in one go. */
  void flush() {
    if (pending == null) {
      return;
    }
    ByteBuf out = pending;
    pending = null;
    if (!out.isReadable()) {
      out.release();
      return;
    }
    lastWriteNanos = System.nanoTime();
    ctx.writeAndFlush(out, ctx.voidPromise());
  }

  /** Sends PINGREQ if nothing was written for {@code idleNanos}, so the server's keep-alive timer stays content. */
  void pingIfIdle(long nowNanos, long idleNanos) {
    if (accepted && !closing && nowNanos - lastWriteNanos > idleNanos) {
      PacketWriter.pingreq(buffer());
      flush();
    }
  }

  /**
   * Sends DISCONNECT and lets the server close first, which leaves TIME_WAIT on the server's side
   * rather than on our source ports; closes itself if the server does not within two seconds.
   */
  void disconnect() {
    if (closing) {
      return;
    }
    closing = true;
    if (!accepted) {
      ctx.close();
      return;
    }
    PacketWriter.disconnect(buffer());
    flush();
    ctx.executor().schedule(() -> ctx.close(), 2, TimeUnit.SECONDS);
  }

  private ByteBuf buffer() {
    if (pending == null) {
      // Room for a full window of status packets, so a top-up never grows (copies) the buffer.
      pending = ctx.alloc().directBuffer(Math.max(256, inFlight.limit() * (topic.length + 96)));
    }
    return pending;
  }

  private static String reason(MqttMessage message) {
    return message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header
        ? " 0x%02X".formatted(header.reasonCode() & 0xFF)
        : "";
  }

  /** An error kind for the report: the exception's message without its changing parts. */
  static String describe(Throwable cause) {
    String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    // Netty appends the remote address to connect errors; the kind should not differ per connection.
    int colon = text.indexOf(": /");
    return colon > 0 ? text.substring(0, colon) : text;
  }
}
