package dev.smartparking.api.cover.stream;

import dev.smartparking.api.http.Scope;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the alarm stream, on its request's context. It first catches up from the
 * database, a page at a time and only as fast as its connection takes them, until it reaches the
 * feed's position; from then on the feed hands it new events. Either way events go through one
 * queue, written while the connection's write queue has room and again when it drains. A live
 * subscriber whose queue passes {@link AlarmStreamSettings#maxQueued} is not keeping up: its
 * connection is closed, and it may come back with Last-Event-ID, catching up at its own pace.
 */
final class StreamSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(StreamSubscriber.class);
  private static final String HEARTBEAT = ": keep-alive\n\n";

  private final AlarmEventFeed feed;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final Context context;
  private final String district;
  private final String unit;
  private final Scope scope;
  private final AlarmStreamSettings settings;
  private final AlarmStreamMetrics metrics;
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();

  /** The position of the last event queued or caught up past; null until it has one. */
  private FeedPosition sent;
  /** A page caught up from the database is being written; the feed is asked again once it is. */
  private boolean joinWhenWritten;
  /** Read by the feed too, so that a join arriving after the subscriber left does not keep it. */
  private volatile boolean closed;
  private long heartbeatTimer = -1;

  StreamSubscriber(AlarmEventFeed feed, HttpServerRequest request, Context context, String district, String unit,
      Scope scope, AlarmStreamSettings settings, AlarmStreamMetrics metrics) {
    this.feed = feed;
    this.request = request;
    this.response = request.response();
    this.context = context;
    this.district = district;
    this.unit = unit;
    this.scope = scope;
    this.settings = settings;
    this.metrics = metrics;
  }

  /** Starts after {@code resumeAfter}, or from now on when it is null. The response's head is written. */
  void start(FeedPosition resumeAfter) {
    sent = resumeAfter;
    metrics.opened();
    response.closeHandler(v -> closed());
    response.exceptionHandler(e -> LOG.debug("Alarm stream connection failed: {}", e.toString()));
    heartbeatTimer = context.owner().setPeriodic(settings.heartbeat().toMillis(), id -> heartbeat());
    feed.join(this, sent);
  }

  // ---- called by the feed, from its context ----

  /** Whether the feed should hand it {@code event}; filters and scope never change, so any thread may ask. */
  boolean wants(StreamEvent event) {
    return event.matches(district, unit) && event.matches(scope.district(), scope.unit());
  }

  boolean isClosed() {
    return closed;
  }

  void joined(FeedPosition at) {
    context.runOnContext(v -> {
      if (sent == null) {
        sent = at;
      }
    });
  }

  void catchUpTo(FeedPosition bound) {
    context.runOnContext(v -> catchUp(bound));
  }

  /** The feed is not ready (it has not read its position yet): the client tries again later. */
  void refused() {
    context.runOnContext(v -> request.connection().close());
  }

  /** New events the subscriber wants, in feed order. */
  void offer(List<StreamEvent> events) {
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      for (StreamEvent event : events) {
        // A subscriber that resumed from a position the feed had not reached yet skips what it sent.
        if (event.position().isAfter(sent)) {
          queue.add(event);
          sent = event.position();
        }
      }
      if (queue.size() > settings.maxQueued()) {
        drop();
      } else {
        write();
      }
    });
  }

  // ---- the subscriber's context ----

  private void catchUp(FeedPosition bound) {
    if (closed) {
      return;
    }
    feed.read(sent, bound, district, unit, scope).onComplete(page -> {
      if (closed) {
        return;
      }
      if (page.failed()) {
        LOG.warn("Cannot read alarm events for a stream catching up, closing it: {}", page.cause().toString());
        request.connection().close();
        return;
      }
      List<StreamEvent> events = page.result();
      queue.addAll(events);
      // A short page read everything up to the bound; a full one may have left some.
      sent = events.size() == AlarmEventFeed.PAGE ? events.get(events.size() - 1).position() : bound;
      joinWhenWritten = true;
      write();
    });
  }

  private void write() {
    if (closed) {
      return;
    }
    while (!queue.isEmpty() && !response.writeQueueFull()) {
      response.write(queue.poll().frame());
    }
    if (!queue.isEmpty()) {
      response.drainHandler(v -> write());
    } else if (joinWhenWritten) {
      joinWhenWritten = false;
      feed.join(this, sent);
    }
  }

  private void heartbeat() {
    if (!response.writeQueueFull()) {
      response.write(HEARTBEAT);
    }
  }

  private void drop() {
    LOG.info("Dropping an alarm stream subscriber that does not keep up ({} events waiting)", queue.size());
    metrics.dropped();
    queue.clear();
    ConnectionAbort.abort(request.connection());
  }

  private void closed() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    context.owner().cancelTimer(heartbeatTimer);
    metrics.closed();
    feed.leave(this);
  }
}
