package dev.smartparking.api.cover.stream;

import dev.smartparking.api.http.Scope;
import dev.smartparking.api.sse.JoinedWrites;
import dev.smartparking.api.sse.SseConnection;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the alarm stream, on its request's context. It first catches up from the
 * database, a page at a time and only as fast as its connection takes them, until it reaches the
 * feed's position; from then on the feed hands it new events, which its {@link SseConnection}
 * bounds: a live subscriber that does not keep up is dropped, and may come back with
 * Last-Event-ID, catching up at its own pace.
 */
final class StreamSubscriber {

  private static final Logger LOG = LoggerFactory.getLogger(StreamSubscriber.class);

  private final AlarmEventFeed feed;
  private final SseConnection connection;
  private final String district;
  private final String unit;
  private final Scope scope;

  /** The position of the last event queued or caught up past; null until it has one. */
  private FeedPosition sent;

  StreamSubscriber(AlarmEventFeed feed, SseConnection connection, String district, String unit, Scope scope) {
    this.feed = feed;
    this.connection = connection;
    this.district = district;
    this.unit = unit;
    this.scope = scope;
  }

  /**
   * Writes the stream's head with {@code comments}, then starts after {@code resumeAfter}, or from
   * now on when it is null.
   */
  void start(String comments, FeedPosition resumeAfter) {
    sent = resumeAfter;
    connection.start(comments, () -> feed.leave(this));
    feed.join(this, sent);
  }

  // ---- called by the feed, from its context ----

  /** Whether the feed should hand it {@code event}; filters and scope never change, so any thread may ask. */
  boolean wants(StreamEvent event) {
    return event.matches(district, unit) && event.matches(scope.district(), scope.unit());
  }

  boolean isClosed() {
    return connection.isClosed();
  }

  void joined(FeedPosition at) {
    connection.context().runOnContext(v -> {
      if (sent == null) {
        sent = at;
      }
    });
  }

  void catchUpTo(FeedPosition bound) {
    connection.context().runOnContext(v -> catchUp(bound));
  }

  /** The feed is not ready (it has not read its position yet): the client tries again later. */
  void refused() {
    connection.close();
  }

  /** New events the subscriber wants, in feed order. */
  void offer(List<StreamEvent> events) {
    connection.context().runOnContext(v -> {
      List<Buffer> frames = new ArrayList<>(events.size());
      for (StreamEvent event : events) {
        // A subscriber that resumed from a position the feed had not reached yet skips what it sent.
        if (event.position().isAfter(sent)) {
          frames.add(event.frame());
          sent = event.position();
        }
      }
      connection.send(JoinedWrites.of(frames));
    });
  }

  // ---- the subscriber's context ----

  private void catchUp(FeedPosition bound) {
    if (connection.isClosed()) {
      return;
    }
    feed.read(sent, bound, district, unit, scope).onComplete(page -> {
      if (connection.isClosed()) {
        return;
      }
      if (page.failed()) {
        LOG.warn("Cannot read alarm events for a stream catching up, closing it: {}", page.cause().toString());
        connection.close();
        return;
      }
      List<StreamEvent> events = page.result();
      // A short page read everything up to the bound; a full one may have left some.
      sent = events.size() == AlarmEventFeed.PAGE ? events.get(events.size() - 1).position() : bound;
      connection.sendPaced(events.stream().map(StreamEvent::frame).toList(), () -> feed.join(this, sent));
    });
  }
}
