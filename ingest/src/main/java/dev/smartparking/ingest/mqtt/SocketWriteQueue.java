package dev.smartparking.ingest.mqtt;

import io.vertx.core.internal.concurrent.OutboundMessageQueue;
import io.vertx.core.internal.net.NetSocketInternal;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The write queue Vert.x keeps for each socket, made small. Vert.x 5.0.8 builds it on Netty's
 * {@code MpscUnboundedArrayQueue}, whose first chunk of 1,024 slots comes with the socket: 4.7 KB of
 * heap per connection, over half of what an idle device cost (issue 14). The queue holds writes
 * only while one is already pending (the socket not writable): the first pending write waits in a
 * field beside it. No option sizes it (a {@code NetSocket} is never in the strict thread mode that
 * has none), so the empty chunked queue is swapped for a {@link ConcurrentLinkedQueue}, as safe for
 * many producers and one consumer, which costs 48 bytes empty and a node per queued write.
 * <p>
 * Like {@link EndpointSocket}, this reaches into the library and fails at start-up
 * ({@link #requireSupported()}) when the library changed, rather than silently cost the 4.7 KB again.
 */
final class SocketWriteQueue {

  private static final Field OUTBOUND = field("io.vertx.core.net.impl.VertxConnection", "outboundMessageQueue");
  private static final Field CHANNEL = field(OutboundMessageQueue.class.getName(), "mqp");
  private static final Field QUEUE = queueField();

  private SocketWriteQueue() {}

  /**
   * Swaps the write queue of {@code socket} for a small one. On the socket's event loop, before the
   * socket is known to another thread (which could still see the old queue), and while it has no
   * write pending, as when its CONNECT is accepted; otherwise the queue stays as it is.
   */
  static void shrink(NetSocketInternal socket) {
    try {
      if (!(OUTBOUND.get(socket) instanceof OutboundMessageQueue<?> outbound)) {
        return;
      }
      Object channel = CHANNEL.get(outbound);
      if (QUEUE.get(channel) instanceof Queue<?> queue && queue.isEmpty() && !(queue instanceof ConcurrentLinkedQueue)) {
        QUEUE.set(channel, new ConcurrentLinkedQueue<>());
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot reach the write queue of a socket", e);
    }
  }

  /** Whether the write queue of {@code socket} is the small one. */
  static boolean isSmall(NetSocketInternal socket) {
    try {
      return QUEUE.get(CHANNEL.get(OUTBOUND.get(socket))) instanceof ConcurrentLinkedQueue;
    } catch (IllegalAccessException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Loads the field lookups: throws at start-up if this Vert.x keeps its write queue elsewhere. */
  static void requireSupported() {
    QUEUE.getName();
  }

  private static Field queueField() {
    Field queue = field("io.vertx.core.streams.impl.MessagePassingQueue", "queue");
    if (!queue.getType().isAssignableFrom(ConcurrentLinkedQueue.class)) {
      throw new ExceptionInInitializerError("Vert.x's MessagePassingQueue.queue is a " + queue.getType()
          + ", which cannot hold a ConcurrentLinkedQueue");
    }
    return queue;
  }

  private static Field field(String owner, String name) {
    try {
      Field field = Class.forName(owner).getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ExceptionInInitializerError("Vert.x's " + owner + "." + name
          + " (a socket's write queue, made small per connection) is missing: " + e);
    }
  }
}
