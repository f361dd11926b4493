package dev.smartparking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the load client writes by hand must read back through Netty's own MQTT decoder. */
class PacketWriterTest {

  private static final byte[] TOPIC = "v1/lots/L-410802-0001/status".getBytes(StandardCharsets.UTF_8);

  /** A decoder that believes it is talking {@code version}, as a server does after reading CONNECT. */
  private static List<MqttMessage> decode(boolean mqtt5, ByteBuf bytes) {
    EmbeddedChannel server = new EmbeddedChannel(new MqttDecoder());
    EmbeddedChannel client = new EmbeddedChannel(MqttEncoder.INSTANCE);
    client.writeOutbound(
        MqttMessageBuilders.connect()
            .clientId("gw-x")
            .protocolVersion(mqtt5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1)
            .build());
    server.writeInbound((ByteBuf) client.readOutbound());
    server.readInbound();
    server.writeInbound(bytes);
    List<MqttMessage> messages = new ArrayList<>();
    MqttMessage message;
    while ((message = server.readInbound()) != null) {
      assertThat(message.decoderResult().isSuccess()).as(String.valueOf(message.decoderResult().cause())).isTrue();
      messages.add(message);
    }
    return messages;
  }

  @ParameterizedTest(name = "MQTT 5 {0}, QoS {1}")
  @CsvSource({"false,0", "false,1", "false,2", "true,0", "true,1", "true,2"})
  void publishesDecodeWithTopicPacketIdAndPayloadIntact(boolean mqtt5, int qos) {
    byte[] payload = "{\"seq\":1,\"ts\":2,\"total\":3,\"free\":1}".getBytes(StandardCharsets.UTF_8);
    ByteBuf bytes = Unpooled.buffer();

    PacketWriter.publish(bytes, TOPIC, qos, 513, mqtt5, payload);
    PacketWriter.publish(bytes, TOPIC, qos, 7, mqtt5, new byte[200]);

    List<MqttMessage> messages = decode(mqtt5, bytes);
    assertThat(messages).hasSize(2);
    MqttPublishMessage first = (MqttPublishMessage) messages.get(0);
    assertThat(first.variableHeader().topicName()).isEqualTo("v1/lots/L-410802-0001/status");
    assertThat(first.fixedHeader().qosLevel().value()).isEqualTo(qos);
    assertThat(first.variableHeader().packetId()).isEqualTo(qos > 0 ? 513 : -1);
    assertThat(first.payload().toString(StandardCharsets.UTF_8)).isEqualTo(new String(payload, StandardCharsets.UTF_8));
    // 200 bytes of payload push the remaining length past 127: a two-byte length.
    assertThat(((MqttPublishMessage) messages.get(1)).payload().readableBytes()).isEqualTo(200);
  }

  @ParameterizedTest(name = "MQTT 5 {0}")
  @CsvSource({"false", "true"})
  void pubrelPingreqAndDisconnectDecode(boolean mqtt5) {
    ByteBuf bytes = Unpooled.buffer();

    PacketWriter.pubrel(bytes, 65_535);
    PacketWriter.pingreq(bytes);
    PacketWriter.disconnect(bytes);

    List<MqttMessage> messages = decode(mqtt5, bytes);
    assertThat(messages).extracting(m -> m.fixedHeader().messageType())
        .containsExactly(MqttMessageType.PUBREL, MqttMessageType.PINGREQ, MqttMessageType.DISCONNECT);
    assertThat(((MqttMessageIdVariableHeader) messages.get(0).variableHeader()).messageId()).isEqualTo(65_535);
    assertThat(messages.get(0).fixedHeader().qosLevel().value()).as("PUBREL carries QoS 1 in its flags").isEqualTo(1);
  }
}
