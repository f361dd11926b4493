package dev.smartparking.api.sse;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Server-Sent Events response, on its request's context: frames go through one queue, written
 * while the connection's write queue has room and again when it drains. Frames offered live are
 * bounded by their bytes: once more than {@code maxQueuedBytes} still wait after the connection
 * took what it could, the client is not keeping up and its connection is aborted (it may come back
 * with Last-Event-ID). Bytes, not frames: a stream that joins its frames into a few large writes
 * ({@link JoinedWrites}) would otherwise hold megabytes in a handful of entries. Frames a stream paces
 * itself (a catch-up read page by page) are not bounded, though they count while they wait. A
 * comment line every {@code heartbeat} keeps proxies from closing a quiet stream.
 *
 * <p>What a stalled client holds at worst: {@code maxQueuedBytes} in this queue (for the instant
 * before the drop, plus the one offer that crossed it); in Netty's outbound buffer, what was
 * written before {@code writeQueueFull()} turned true, that is its high-water mark (Netty's default
 * 64 KB; Vert.x 5's {@code setWriteQueueMaxSize(n)} would set the marks to n/2 and n bytes, and is
 * left alone) plus the one write that crossed it (a frame, or a joined write of at most
 * {@link JoinedWrites#MAX_BYTES}); and, outside the heap, the kernel's send buffer of the socket
 * ({@code net.ipv4.tcp_wmem}'s maximum, autotuned: 4 MB on a stock Linux).
 */
public final class SseConnection {

  private static final Logger LOG = LoggerFactory.getLogger(SseConnection.class);
  private static final String HEARTBEAT = ": keep-alive\n\n";
  /** How long an EventSource waits before reconnecting. */
  private static final String RETRY_MS = "2000";

  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Context context;
  private final Duration heartbeat;
  private final long maxQueuedBytes;
  private final StreamMetrics metrics;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  /** The bytes of the frames in {@link #queue}, kept as they are added and taken. */
  private long queuedBytes;

  private Runnable whenWritten;
  private Runnable onClose = () -> {};
  /** Read from other contexts too (a feed asking whether to keep a subscriber). */
  private volatile boolean closed;
  private long heartbeatTimer = -1;

  public SseConnection(HttpServerRequest request, Context context, Duration heartbeat, long maxQueuedBytes,
      StreamMetrics metrics) {
    this.request = request;
    this.response = request.response();
    this.context = context;
    this.heartbeat = heartbeat;
    this.maxQueuedBytes = maxQueuedBytes;
    this.metrics = metrics;
  }

  /**
   * Writes the response's head, {@code retry:} and {@code comments} (lines, each {@code : ...}),
   * and starts the heartbeat; {@code onClose} runs once, on this context, when the connection ends.
   */
  public void start(String comments, Runnable onClose) {
    this.onClose = onClose;
    metrics.opened();
    response
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        // nginx would otherwise hold events back in its buffer
        .putHeader("X-Accel-Buffering", "no")
        .write("retry: " + RETRY_MS + "\n" + comments + "\n");
    response.closeHandler(v -> closed());
    response.exceptionHandler(e -> LOG.debug("Event stream connection failed: {}", e.toString()));
    heartbeatTimer = context.owner().setPeriodic(heartbeat.toMillis(), id -> heartbeat());
  }

  public boolean isClosed() {
    return closed;
  }

  public Context context() {
    return context;
  }

  /** From any thread: {@link #send} on this connection's context. */
  public void offer(Collection<Buffer> frames) {
    context.runOnContext(v -> send(frames));
  }

  /**
   * From any thread: the same frames to many connections, {@link JoinedWrites joined} once (a few
   * writes, and system calls, for each connection rather than one a frame), one task per context
   * rather than per connection (a thousand subscribers share a handful of event loops).
   */
  public static void offerAll(Collection<SseConnection> connections, List<Buffer> frames) {
    List<Buffer> writes = JoinedWrites.of(frames);
    Map<Context, List<SseConnection>> byContext = new HashMap<>();
    for (SseConnection connection : connections) {
      byContext.computeIfAbsent(connection.context, c -> new ArrayList<>()).add(connection);
    }
    byContext.forEach((context, onIt) -> context.runOnContext(v -> onIt.forEach(connection -> connection.send(writes))));
  }

  /**
   * On this context: frames sent live; past {@code maxQueuedBytes} still waiting once the
   * connection took what it could, the client is dropped.
   */
  public void send(Collection<Buffer> frames) {
    if (closed) {
      return;
    }
    enqueue(frames);
    write();
    if (queuedBytes > maxQueuedBytes) {
      drop();
    }
  }

  /** On this context: frames the stream paces itself; {@code then} runs once all of them are written. */
  public void sendPaced(Collection<Buffer> frames, Runnable then) {
    if (closed) {
      return;
    }
    enqueue(frames);
    whenWritten = then;
    write();
  }

  /** Ends the stream (the client may reconnect), discarding what waits. */
  public void close() {
    context.runOnContext(v -> request.connection().close());
  }

  private void write() {
    if (closed) {
      return;
    }
    while (!queue.isEmpty() && !response.writeQueueFull()) {
      Buffer frame = queue.poll();
      queuedBytes -= frame.length();
      response.write(frame);
    }
    if (!queue.isEmpty()) {
      response.drainHandler(v -> write());
    } else if (whenWritten != null) {
      Runnable then = whenWritten;
      whenWritten = null;
      then.run();
    }
  }

  private void enqueue(Collection<Buffer> frames) {
    for (Buffer frame : frames) {
      queue.add(frame);
      queuedBytes += frame.length();
    }
  }

  private void heartbeat() {
    if (!response.writeQueueFull()) {
      response.write(HEARTBEAT);
    }
  }

  private void drop() {
    LOG.info("Dropping an event stream subscriber that does not keep up ({} bytes waiting)", queuedBytes);
    metrics.dropped();
    clear();
    ConnectionAbort.abort(request.connection());
  }

  private void clear() {
    queue.clear();
    queuedBytes = 0;
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    clear();
    whenWritten = null;
    context.owner().cancelTimer(heartbeatTimer);
    metrics.closed();
    onClose.run();
  }
}
