package dev.smartparking.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.testkit.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A socket's write queue made small still delivers every write, in order, when writes pile up
 * because the peer does not read: from the socket's event loop and from another thread at once.
 */
class SocketWriteQueueTest {

  private static final int CHUNK_LONGS = 128;
  private static final int FROM_ANOTHER_THREAD = 200;

  private final Vertx vertx = Vertx.vertx();
  /** What the client read and has not checked yet: less than one number. */
  private Buffer unread = Buffer.buffer();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void queuedWritesArriveInOrderAfterTheQueueIsMadeSmall() throws Exception {
    CompletableFuture<NetSocketInternal> accepted = new CompletableFuture<>();
    AtomicBoolean small = new AtomicBoolean();
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      NetSocketInternal internal = (NetSocketInternal) socket;
      SocketWriteQueue.shrink(internal);
      small.set(SocketWriteQueue.isSmall(internal));
      accepted.complete(internal);
    });
    int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .actualPort();

    AtomicLong next = new AtomicLong();
    AtomicBoolean outOfOrder = new AtomicBoolean();
    NetSocket client = vertx.createNetClient().connect(port, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.pause();
    client.handler(data -> {
      unread = unread.appendBuffer(data);
      int whole = unread.length() / Long.BYTES * Long.BYTES;
      for (int i = 0; i < whole; i += Long.BYTES) {
        if (unread.getLong(i) != next.getAndIncrement()) {
          outOfOrder.set(true);
        }
      }
      unread = unread.getBuffer(whole, unread.length());
    });

    NetSocketInternal socket = accepted.get(10, TimeUnit.SECONDS);
    assertThat(small).as("the write queue was swapped for the small one").isTrue();
    AtomicLong written = new AtomicLong();
    CompletableFuture<Void> filled = new CompletableFuture<>();
    socket.setWriteQueueMaxSize(1024);
    socket.channelHandlerContext().executor().execute(() -> {
      // The peer reads nothing: its buffers and the kernel's fill until Netty stops writing.
      for (int i = 0; i < 200_000 && !socket.writeQueueFull(); i++) {
        socket.write(chunk(written));
      }
      filled.complete(null);
    });
    filled.get(30, TimeUnit.SECONDS);
    assertThat(socket.writeQueueFull()).as("the socket stopped being writable").isTrue();
    Thread other = new Thread(() -> {
      for (int i = 0; i < FROM_ANOTHER_THREAD; i++) {
        socket.write(chunk(written));
      }
    });
    other.start();
    other.join();

    client.resume();
    Eventually.within(Duration.ofSeconds(30), "every write read", () -> next.get() == written.get());
    assertThat(outOfOrder).as("a write arrived out of order").isFalse();
  }

  /** The next {@link #CHUNK_LONGS} numbers; writes come from one thread at a time. */
  private static Buffer chunk(AtomicLong written) {
    Buffer chunk = Buffer.buffer(CHUNK_LONGS * Long.BYTES);
    for (int i = 0; i < CHUNK_LONGS; i++) {
      chunk.appendLong(written.getAndIncrement());
    }
    return chunk;
  }
}
