package dev.smartparking.simulator.flood;

import dev.smartparking.simulator.load.PacketWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The flood's MQTT 3.1.1 CONNECT, encoded once; each copy gets a fresh random client id (the user
 * name too) and password written over the template's placeholders, so a CONNECT costs one copy
 * and 48 random hex digits rather than an encode.
 */
final class ConnectPacket {

  /** Before the random part of the id: tells flood sockets apart in a server's log. */
  static final String ID_PREFIX = "flood-";
  private static final int ID_RANDOM_HEX = 16;
  private static final int PASSWORD_HEX = 32;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final byte[] template;
  private final int idAt;
  private final int usernameAt;
  private final int passwordAt;
  private final SplittableRandom random;

  ConnectPacket(int keepAliveSeconds, long seed) {
    byte[] id = (ID_PREFIX + "0".repeat(ID_RANDOM_HEX)).getBytes(StandardCharsets.US_ASCII);
    byte[] password = "0".repeat(PASSWORD_HEX).getBytes(StandardCharsets.US_ASCII);
    ByteBuf out = Unpooled.buffer();
    PacketWriter.connect(out, id, id, password, keepAliveSeconds);
    template = new byte[out.readableBytes()];
    out.readBytes(template);
    out.release();
    // The three strings close the packet (client id, user name, password), each after its length;
    // the random part of an id is its end.
    passwordAt = template.length - PASSWORD_HEX;
    usernameAt = passwordAt - 2 - ID_RANDOM_HEX;
    idAt = usernameAt - 2 - ID_PREFIX.length() - ID_RANDOM_HEX;
    random = new SplittableRandom(seed);
  }

  /** The bytes of one CONNECT with a new random id and password; not thread-safe (one per event loop). */
  ByteBuf next(ByteBufAllocator allocator) {
    ByteBuf packet = allocator.buffer(template.length).writeBytes(template);
    long idBits = random.nextLong();
    hex(packet, idAt, idBits, ID_RANDOM_HEX);
    hex(packet, usernameAt, idBits, ID_RANDOM_HEX);
    hex(packet, passwordAt, random.nextLong(), PASSWORD_HEX / 2);
    hex(packet, passwordAt + PASSWORD_HEX / 2, random.nextLong(), PASSWORD_HEX / 2);
    return packet;
  }

  int length() {
    return template.length;
  }

  private static void hex(ByteBuf packet, int at, long bits, int digits) {
    for (int i = 0; i < digits; i++) {
      packet.setByte(at + i, HEX[(int) (bits >>> (4 * i)) & 0xF]);
    }
  }
}
