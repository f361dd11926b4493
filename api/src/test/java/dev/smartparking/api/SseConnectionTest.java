package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.sse.JoinedWrites;
import dev.smartparking.api.sse.SseConnection;
import dev.smartparking.api.sse.StreamMetrics;
import dev.smartparking.testkit.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection's bound over a real socket, without the API around it: a client that stops
 * reading is dropped once the bytes waiting for it pass the bound, however few (and large) the
 * writes they are joined into.
 */
class SseConnectionTest {

  private static final int MAX_QUEUED_BYTES = 64 * 1024;
  /**
   * Where the test gives up offering: far more than a stalled client's socket buffers (the
   * server's send buffer autotunes up to net.ipv4.tcp_wmem's maximum, 4 MB on a stock Linux) and
   * the bound; as 16 KB writes, 4,096 of them, fewer than a bound by count of anything like the
   * 10,000 frames the lot stream had would ever see.
   */
  private static final long GIVE_UP_BYTES = 64L << 20;
  private static final Duration WITHIN = Duration.ofSeconds(20);

  private final Vertx vertx = Vertx.vertx();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StreamMetrics metrics = new StreamMetrics(meters, "test.stream", "GET /stream");

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void clientThatStopsReadingIsDroppedOnceJoinedWritesWaitingPassTheByteBound() throws Exception {
    CompletableFuture<SseConnection> opened = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer().requestHandler(request -> {
      SseConnection connection = new SseConnection(request, vertx.getOrCreateContext(), Duration.ofMinutes(1),
          MAX_QUEUED_BYTES, metrics);
      connection.start(": test\n", () -> {});
      opened.complete(connection);
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    try (Socket stalled = StalledClient.open(server.actualPort(), "/stream")) {
      SseConnection connection = opened.get(10, TimeUnit.SECONDS);
      // 1 MB of lot-sized frames a burst, joined as the lot stream joins them: 64 writes.
      List<Buffer> burst = JoinedWrites.of(frames(1 << 20));
      AtomicLong offered = new AtomicLong();
      connection.context().runOnContext(v -> vertx.setPeriodic(5, id -> {
        if (connection.isClosed() || offered.get() >= GIVE_UP_BYTES) {
          vertx.cancelTimer(id);
        } else {
          offered.addAndGet(burst.stream().mapToLong(Buffer::length).sum());
          connection.send(burst);
        }
      }));

      Eventually.within(WITHIN, () -> "drops: " + drops() + " after " + offered.get() + " bytes offered",
          () -> drops() == 1 || offered.get() >= GIVE_UP_BYTES);
      assertThat(drops()).as("dropped before %s bytes were offered", GIVE_UP_BYTES).isEqualTo(1);
      assertThat(burst).as("joined writes").hasSizeLessThan(100);
      assertThat(StalledClient.endOfStream(stalled)).as("the stalled client's connection was closed").isTrue();
    }
  }

  /** Frames of ~330 bytes, as the lot stream's, {@code bytes} of them in all. */
  private static List<Buffer> frames(int bytes) {
    String data = "{\"id\":\"L-000000\",\"free\":12," + "\"x\":\"" + "y".repeat(260) + "\"}";
    List<Buffer> frames = new ArrayList<>();
    for (int sent = 0, n = 0; sent < bytes; n++) {
      Buffer frame = Buffer.buffer("event: lot\nid: t-" + n + "\ndata: " + data + "\n\n");
      frames.add(frame);
      sent += frame.length();
    }
    return frames;
  }

  private double drops() {
    return meters.get("test.stream.drops").counter().count();
  }
}
