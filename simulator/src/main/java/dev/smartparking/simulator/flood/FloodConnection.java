package dev.smartparking.simulator.flood;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One flood socket: sends its CONNECT once connected, reads the 4-byte CONNACK, counts its return
 * code and closes; or counts why no CONNACK came. Each socket is settled exactly once.
 */
final class FloodConnection extends ChannelInboundHandlerAdapter {

  private static final int CONNACK = 0x20;
  private static final int CONNACK_REMAINING = 2;
  /** After the fixed header and the session-present flags. */
  private static final int CONNACK_RETURN_CODE_AT = 3;

  private final ConnectPacket packets;
  private final FloodTally tally;
  private final Duration timeout;
  private boolean settled;
  private int read;
  private ScheduledFuture<?> deadline;

  FloodConnection(ConnectPacket packets, FloodTally tally, Duration timeout) {
    this.packets = packets;
    this.tally = tally;
    this.timeout = timeout;
  }

  /** The TCP connect failed: nothing was sent. */
  void connectFailed() {
    if (settle()) {
      tally.connectFailed();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    deadline = ctx.executor().schedule(() -> {
      if (settle()) {
        tally.timedOut();
        ctx.close();
      }
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    ctx.writeAndFlush(packets.next(ctx.alloc()));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      // A CONNACK may arrive in pieces: read it a byte at a time, checking its fixed header.
      while (in.isReadable() && !settled) {
        int b = in.readUnsignedByte();
        int at = read++;
        if ((at == 0 && b != CONNACK) || (at == 1 && b != CONNACK_REMAINING)) {
          settle();
          tally.malformed();
          ctx.close();
        } else if (at == CONNACK_RETURN_CODE_AT) {
          settle();
          tally.connack(b);
          ctx.close();
        }
      }
    } finally {
      in.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (settle()) {
      tally.closedWithoutConnack();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset by the server before any CONNACK: counted when the channel closes.
    ctx.close();
  }

  private boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    return true;
  }
}
