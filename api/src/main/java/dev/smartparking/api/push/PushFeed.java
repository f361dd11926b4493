package dev.smartparking.api.push;

import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ViewChanges;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.lot.LotView;
import dev.smartparking.api.sse.JoinedWrites;
import dev.smartparking.api.sse.SseConnection;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns the availability view's changes into the events of the two pushed streams and hands them
 * to their subscribers; one per process, whatever the number of subscribers, and each event's
 * frame rendered once and shared.
 *
 * <p>Availability: the city summary and each district row are sent when they change, at most once
 * per {@link PushSettings#window} each: a change within the window waits for its end, and only
 * the newest state then is sent. The window is one for all keys (the changes of all districts
 * go out together), so a subscriber gets one write a window (one per 16 KB of events), not one per district. Events are numbered in the order sent; the newest are kept in a
 * ring for clients resuming with Last-Event-ID, and a client further behind (or of another
 * process's numbering) gets the current state, the last event sent of each district and the city,
 * all with the newest number, as a new one does.
 *
 * <p>Lots: every lot change the view applied, to the subscribers whose district and scope take
 * it, each subscriber's frames of one change of the view joined into writes of at most
 * {@link JoinedWrites#MAX_BYTES} (a burst of thousands of lots is a handful of writes, not one
 * system call a lot); not resumable.
 *
 * <p>A verticle, so its bookkeeping lives on one context; the view and subscribers call in from
 * theirs, and subscribers are answered on theirs.
 */
public final class PushFeed extends VerticleBase implements ViewChanges {

  private static final String CITY = "city";
  private static final String DISTRICT_PREFIX = "district ";

  private final PushSettings settings;
  private final LotView lotView;
  /** Event ids are {@code <boot>-<n>}: a process's numbering is its own, told apart from an earlier one's. */
  private final String boot = Long.toString(System.currentTimeMillis(), 36);
  /** Every district of the latest answer, for the lot stream's parameter. */
  private volatile Set<String> districts = Set.of();

  // The feed's context only.
  private final EventRing ring;
  /** By key (city, or a district): the newest state, and the one last sent. */
  private final Map<String, Row> newest = new LinkedHashMap<>();
  /** By key: the JSON {@link #newest} was encoded from, so that only what moved is encoded again. */
  private final Map<String, JsonObject> newestJson = new HashMap<>();
  private final Map<String, Row> sent = new LinkedHashMap<>();
  /** Keys changed since the last flush. */
  private final Set<String> dirty = new LinkedHashSet<>();
  private long lastFlushNanos;
  /** A flush is due (queued on the context, or on a timer). */
  private boolean flushPending;
  private final Set<SseConnection> availabilitySubscribers = new LinkedHashSet<>();
  private final Set<LotSubscriber> lotSubscribers = new LinkedHashSet<>();
  private long lotEvents;

  public PushFeed(PushSettings settings, LotView lotView) {
    this.settings = settings;
    this.lotView = lotView;
    this.ring = new EventRing(settings.ring());
  }

  /** A district row or the city summary, as an event names it and its JSON. */
  private record Row(String event, String data) {}

  /** A client of the lot stream: only lots of {@code district} (null: all) its {@code scope} sees. */
  record LotSubscriber(SseConnection connection, String district, Scope scope) {

    boolean wants(LotNow lot) {
      return (district == null || district.equals(lot.district())) && LotView.sees(scope, lot);
    }
  }

  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }

  /** Whether {@code code} is a district of the latest availability answer. */
  public boolean knowsDistrict(String code) {
    return districts.contains(code);
  }

  /** The number of an event id this process sent ({@code <boot>-<n>}), or null for any other id. */
  Long sequenceOf(String eventId) {
    if (eventId == null || !eventId.startsWith(boot + "-")) {
      return null;
    }
    try {
      return Long.parseLong(eventId.substring(boot.length() + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  // ---- from the view's context ----

  /**
   * Read in place, not copied (the view never modifies an answer it published), and a row encoded
   * only when its JSON differs from the one taken in before: an answer moves when one district
   * does, and there may be hundreds. Taken in whether or not anyone listens, so that what a new
   * subscriber is sent first, and the ring a resuming one is sent from, stay as they are.
   */
  @Override
  public void availability(JsonObject answer) {
    context.runOnContext(v -> {
      Set<String> codes = new LinkedHashSet<>();
      for (Object row : answer.getJsonArray("districts")) {
        JsonObject district = (JsonObject) row;
        codes.add(district.getString("code"));
        changed(DISTRICT_PREFIX + district.getString("code"), "district", district);
      }
      JsonObject city = new JsonObject(new LinkedHashMap<>(answer.getMap()));
      city.remove("districts");
      changed(CITY, CITY, city);
      if (!codes.equals(districts)) {
        districts = Set.copyOf(codes);
      }
    });
  }

  @Override
  public void lots(List<LotNow> changed) {
    context.runOnContext(v -> {
      if (!lotSubscribers.isEmpty()) {
        pushLots(changed);
      }
    });
  }

  @Override
  public void reloaded(Predicate<String> registered) {
    lotView.keepOnly(registered);
  }

  // ---- from subscribers' contexts ----

  /**
   * A client of the availability stream whose head is written: sent what changed after event
   * {@code resumeAfter} when the ring still holds it, else ({@code resumeAfter} null too) the
   * current state, then every event.
   */
  void joinAvailability(SseConnection connection, Long resumeAfter, String lastEventId) {
    context.runOnContext(v -> {
      if (connection.isClosed()) {
        return;
      }
      List<Buffer> first = resumeAfter == null ? null : ring.after(resumeAfter);
      if (first == null) {
        first = currentState(lastEventId);
      }
      availabilitySubscribers.add(connection);
      connection.offer(JoinedWrites.of(first));
    });
  }

  void joinLots(LotSubscriber subscriber) {
    context.runOnContext(v -> {
      if (!subscriber.connection().isClosed()) {
        lotSubscribers.add(subscriber);
      }
    });
  }

  void leave(SseConnection connection) {
    context.runOnContext(v -> {
      availabilitySubscribers.remove(connection);
      lotSubscribers.removeIf(subscriber -> subscriber.connection() == connection);
    });
  }

  // ---- the feed's own context ----

  /**
   * A key's new state: sent with the next flush, which is now if the last one was a window ago
   * or more, else when the window since it ends (the newest state of each key then). Flushes are
   * at least a window apart, so each key's events are too; and all of a flush's events go to a
   * subscriber together (one write per 16 KB).
   */
  private void changed(String key, String event, JsonObject json) {
    if (json.equals(newestJson.put(key, json))) {
      return;
    }
    Row row = new Row(event, json.encode());
    if (row.equals(newest.put(key, row))) {
      return;
    }
    dirty.add(key);
    if (flushPending) {
      return;
    }
    flushPending = true;
    long sinceMs = lastFlushNanos == 0 ? Long.MAX_VALUE : (System.nanoTime() - lastFlushNanos) / 1_000_000;
    if (sinceMs >= settings.window().toMillis()) {
      // After the whole answer is taken in, so that a change moving a district and the city is one flush.
      context.runOnContext(v -> flush());
    } else {
      vertx.setTimer(settings.window().toMillis() - sinceMs, id -> flush());
    }
  }

  private void flush() {
    flushPending = false;
    lastFlushNanos = System.nanoTime();
    List<Buffer> frames = new ArrayList<>(dirty.size());
    dirty.forEach(key -> send(key, frames));
    dirty.clear();
    if (!frames.isEmpty() && !availabilitySubscribers.isEmpty()) {
      SseConnection.offerAll(availabilitySubscribers, frames);
    }
  }

  /** Numbers and keeps {@code key}'s newest state as an event, its frame added to {@code frames}. */
  private void send(String key, List<Buffer> frames) {
    Row row = newest.get(key);
    if (row.equals(sent.get(key))) {
      // Changed and changed back within the window.
      return;
    }
    long seq = ring.newest() + 1;
    Buffer frame = frame(row.event(), seq, row.data());
    ring.add(seq, frame);
    sent.put(key, row);
    frames.add(frame);
  }

  /** What a new subscriber is sent first: what was last sent of every district and the city, numbered as the newest event. */
  private List<Buffer> currentState(String lastEventId) {
    List<Buffer> state = new ArrayList<>(sent.size() + 1);
    if (lastEventId != null) {
      state.add(Buffer.buffer(": Last-Event-ID " + lastEventId.replaceAll("[\\r\\n]", "")
          + " is not among the recent events; the current state follows\n\n"));
    }
    sent.values().forEach(row -> state.add(frame(row.event(), ring.newest(), row.data())));
    return state;
  }

  private void pushLots(List<LotNow> changed) {
    Map<LotSubscriber, List<Buffer>> wanted = new HashMap<>();
    for (LotNow lot : changed) {
      Buffer frame = null;
      for (LotSubscriber subscriber : lotSubscribers) {
        if (subscriber.wants(lot)) {
          if (frame == null) {
            Buffer data = Buffer.buffer(320);
            lotView.write(data, lot, null);
            frame = frame("lot", ++lotEvents, data.toString());
          }
          wanted.computeIfAbsent(subscriber, s -> new ArrayList<>()).add(frame);
        }
      }
    }
    wanted.forEach((subscriber, frames) -> subscriber.connection().offer(JoinedWrites.of(frames)));
  }

  /** An event's frame; the JSON of a data field holds no line break (encoded JSON escapes them). */
  private Buffer frame(String event, long seq, String data) {
    return Buffer.buffer(data.length() + 64)
        .appendString("event: ").appendString(event)
        .appendString("\nid: ").appendString(boot).appendString("-").appendString(Long.toString(seq))
        .appendString("\ndata: ").appendString(data).appendString("\n\n");
  }
}
