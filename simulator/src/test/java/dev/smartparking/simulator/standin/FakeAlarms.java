package dev.smartparking.simulator.standin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for the server's alarm side, written from the design (docs and API.md), not from the
 * simulator's verify: each cover reading raises and clears in the moment it is stored (only the
 * cover's newest reading judges; a cleared, unresolved alarm becomes active again rather than a
 * second one), a sweep raises {@code silent} for covers not heard from for 2 × their report
 * interval and their next reading clears it, and every event is POSTed to the unit's webhook,
 * signed, in order per alarm, retried until a 2xx. Tests may damage it on purpose to see verify
 * notice.
 */
public final class FakeAlarms implements AutoCloseable {

  private record Cover(String id, String unit, String district, int intervalS, double gas, double tilt, double water, int batteryMin) {}

  private record Hook(String url, String secret) {}

  private static final class Alarm {
    final long id;
    final String cover;
    String type;
    String status = "open";
    boolean active = true;
    Instant raisedAt;
    JsonObject reading;
    Instant lastReadingAt;
    Instant clearedAt;

    Alarm(long id, String cover, String type) {
      this.id = id;
      this.cover = cover;
      this.type = type;
    }
  }

  private static final class Event {
    final long id;
    final Alarm alarm;
    final String event;
    final Instant occurredAt;
    JsonObject json;
    boolean delivered;
    Instant nextAttempt = Instant.MIN;

    Event(long id, Alarm alarm, String event, Instant occurredAt) {
      this.id = id;
      this.alarm = alarm;
      this.event = event;
      this.occurredAt = occurredAt;
    }
  }

  private final Map<String, Cover> covers = new HashMap<>();
  private final Map<String, String> unitNames = new HashMap<>();
  private final Map<String, Hook> hooks = new HashMap<>();
  private final Map<String, Instant> lastSeen = new HashMap<>();
  private final Map<String, Long> newestTs = new HashMap<>();
  private final Set<String> seen = new HashSet<>();
  private final List<Alarm> alarms = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  // Not yet delivered, in event-id order: the dispatcher looks at these only.
  private final List<Event> pending = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private long nextAlarmId = 1;
  private long nextEventId = 1;
  private boolean sweeping;

  /** How often the sweep looks for silent covers; read when the first catalogue comes. */
  public volatile Duration sweepInterval = Duration.ofSeconds(1);
  /** Whether the sweep runs by itself; a test that sets the clock calls {@link #sweep} instead. */
  public volatile boolean autoSweep = true;
  /** The server's clock: receive times, event times. */
  public volatile Clock clock = Clock.systemUTC();

  // Damage on purpose, for the tests of verify.

  /** Raise a new alarm where a cleared one should become active again. */
  public volatile boolean raiseAnewInsteadOfReactivating;
  /** (cover, type) pairs this matches are never raised nor cleared, as a server that misses a rule. */
  public volatile BiPredicate<String, String> neverRaise = (cover, type) -> false;
  /** How long after the reading a reading's raise or clear is made: not in its transaction when above zero. */
  public volatile Duration judgedLate = Duration.ZERO;
  /** Deliveries wait while set. */
  public volatile boolean paused;
  /** Send every undelivered event at once, newest first, ignoring the order per alarm. */
  public volatile boolean newestFirst;
  /** Send each event twice, as a server whose first answer got lost would. */
  public volatile boolean deliverTwice;
  /** Events this matches are marked delivered without being sent. */
  public volatile Predicate<JsonObject> loseDeliveryOf = e -> false;
  /** Sign every delivery with this secret instead of the unit's, when set. */
  public volatile String wrongSecret;

  /** Takes covers (thresholds, unit, district) and units (names, webhooks) from a catalogue document. */
  public synchronized void register(JsonObject catalogue) {
    Instant now = clock.instant();
    for (JsonObject unit : FakeCityPlatform.objects(catalogue.getJsonArray("units", new JsonArray()))) {
      unitNames.put(unit.getString("id"), unit.getString("name"));
      JsonObject hook = unit.getJsonObject("webhook");
      if (hook != null) {
        hooks.put(unit.getString("id"), new Hook(hook.getString("url"), hook.getString("secret")));
      }
    }
    for (JsonObject cover : FakeCityPlatform.objects(catalogue.getJsonArray("covers", new JsonArray()))) {
      covers.put(
          cover.getString("id"),
          new Cover(
              cover.getString("id"),
              cover.getString("unit"),
              cover.getString("district"),
              cover.getInteger("report_interval_s", 600),
              cover.getDouble("gas_limit_ppm", 25.0),
              cover.getDouble("tilt_limit_deg", 15.0),
              cover.getDouble("water_margin_cm", 30.0),
              cover.getInteger("battery_min_pct", 20)));
      lastSeen.putIfAbsent(cover.getString("id"), now);
    }
    if (!sweeping) {
      sweeping = true;
      long every = sweepInterval.toMillis();
      timers.scheduleWithFixedDelay(() -> {
        if (autoSweep) {
          sweep();
        }
      }, every, every, TimeUnit.MILLISECONDS);
      // A task that throws is never run again: say why, loudly, rather than stop delivering in silence.
      timers.scheduleWithFixedDelay(() -> {
        try {
          deliver();
        } catch (RuntimeException e) {
          e.printStackTrace();
          throw e;
        }
      }, 20, 20, TimeUnit.MILLISECONDS);
    }
  }

  /** A cover sensor's telemetry, stored: raises and clears as its newest reading calls for. */
  public synchronized void reading(String device, String coverId, JsonObject payload) {
    Cover cover = covers.get(coverId);
    if (cover == null || !seen.add(device + "/" + payload.getLong("seq"))) {
      return;
    }
    Instant now = clock.instant();
    lastSeen.put(coverId, now);
    Alarm silent = unresolved(coverId, "silent");
    if (silent != null && silent.active) {
      clear(silent, now);
    }
    long ts = payload.getLong("ts");
    Long newest = newestTs.get(coverId);
    if (newest != null && ts <= newest) {
      return;
    }
    newestTs.put(coverId, ts);
    now = now.plus(judgedLate);
    judge(cover, "tilt", payload.getDouble("tilt_deg") > cover.tilt(), payload, now);
    judge(cover, "open", payload.getBoolean("open"), payload, now);
    judge(cover, "water", payload.getDouble("water_level_cm") >= -cover.water(), payload, now);
    judge(cover, "gas", payload.getDouble("gas_ppm") > cover.gas(), payload, now);
    judge(cover, "battery", payload.getInteger("battery_pct") < cover.batteryMin(), payload, now);
  }

  private void judge(Cover cover, String type, boolean met, JsonObject payload, Instant now) {
    if (neverRaise.test(cover.id(), type)) {
      return;
    }
    Alarm alarm = unresolved(cover.id(), type);
    JsonObject reading = readingJson(payload, type);
    if (met) {
      if (alarm == null || (!alarm.active && raiseAnewInsteadOfReactivating)) {
        if (alarm != null) {
          alarm.status = "resolved";
        }
        raise(cover.id(), type, reading, now);
      } else if (!alarm.active) {
        alarm.active = true;
        alarm.clearedAt = null;
        alarm.raisedAt = now;
        alarm.reading = reading;
        alarm.lastReadingAt = Instant.ofEpochMilli(payload.getLong("ts"));
        event(alarm, "alarm.raised", now);
      } else {
        alarm.lastReadingAt = Instant.ofEpochMilli(payload.getLong("ts"));
      }
    } else if (alarm != null && alarm.active) {
      alarm.lastReadingAt = Instant.ofEpochMilli(payload.getLong("ts"));
      clear(alarm, now);
    }
  }

  private static JsonObject readingJson(JsonObject payload, String type) {
    JsonObject reading = new JsonObject().put("seq", payload.getLong("seq")).put("ts", Instant.ofEpochMilli(payload.getLong("ts")).toString());
    String field =
        switch (type) {
          case "tilt" -> "tilt_deg";
          case "open" -> "open";
          case "water" -> "water_level_cm";
          case "gas" -> "gas_ppm";
          default -> "battery_pct";
        };
    return reading.put(field, payload.getValue(field));
  }

  private Alarm raise(String coverId, String type, JsonObject reading, Instant now) {
    Alarm alarm = new Alarm(nextAlarmId++, coverId, type);
    alarm.raisedAt = now;
    alarm.reading = reading;
    alarm.lastReadingAt = reading == null ? null : Instant.parse(reading.getString("ts"));
    alarms.add(alarm);
    event(alarm, "alarm.raised", now);
    return alarm;
  }

  private void clear(Alarm alarm, Instant now) {
    alarm.active = false;
    alarm.clearedAt = now;
    event(alarm, "alarm.cleared", now);
  }

  private void event(Alarm alarm, String kind, Instant now) {
    Event event = new Event(nextEventId++, alarm, kind, now);
    event.json = eventJson(event);
    events.add(event);
    pending.add(event);
  }

  /** Silent for covers not heard from for more than 2 × their report interval (from registration if never). */
  public synchronized void sweep() {
    Instant now = clock.instant();
    for (Cover cover : covers.values()) {
      Instant last = lastSeen.get(cover.id());
      if (Duration.between(last, now).compareTo(Duration.ofSeconds(2L * cover.intervalS())) <= 0) {
        continue;
      }
      if (neverRaise.test(cover.id(), "silent")) {
        continue;
      }
      Alarm silent = unresolved(cover.id(), "silent");
      if (silent == null || (!silent.active && raiseAnewInsteadOfReactivating)) {
        if (silent != null) {
          silent.status = "resolved";
        }
        raise(cover.id(), "silent", null, now);
      } else if (!silent.active) {
        silent.active = true;
        silent.clearedAt = null;
        silent.raisedAt = now;
        event(silent, "alarm.raised", now);
      }
    }
  }

  private Alarm unresolved(String coverId, String type) {
    for (Alarm alarm : alarms) {
      if (alarm.cover.equals(coverId) && alarm.type.equals(type) && !alarm.status.equals("resolved")) {
        return alarm;
      }
    }
    return null;
  }

  /** Sends each alarm's first undelivered event once its earlier ones are delivered; retries after a failure. */
  private void deliver() {
    if (paused) {
      return;
    }
    List<Event> due = new ArrayList<>();
    synchronized (this) {
      if (newestFirst) {
        pending.removeIf(e -> e.delivered);
        due.addAll(pending);
        java.util.Collections.reverse(due);
      }
      Set<Long> blocked = new HashSet<>();
      Instant now = Instant.now();
      pending.removeIf(e -> e.delivered);
      for (Event event : newestFirst ? List.<Event>of() : pending) {
        if (event.delivered || !blocked.add(event.alarm.id)) {
          continue;
        }
        if (hooks.containsKey(covers.get(event.alarm.cover).unit()) && !event.nextAttempt.isAfter(now)) {
          if (loseDeliveryOf.test(event.json)) {
            event.delivered = true;
            continue;
          }
          due.add(event);
        } else if (!hooks.containsKey(covers.get(event.alarm.cover).unit())) {
          event.delivered = true;
        }
      }
    }
    for (Event event : due) {
      boolean taken = post(event) && (!deliverTwice || post(event));
      synchronized (this) {
        event.delivered = taken;
        event.nextAttempt = taken ? event.nextAttempt : Instant.now().plusMillis(100);
      }
    }
  }

  private boolean post(Event event) {
    Hook hook;
    String body;
    synchronized (this) {
      hook = hooks.get(covers.get(event.alarm.cover).unit());
      body = event.json.encode();
    }
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    try {
      HttpResponse<Void> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(hook.url()))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .header("X-SmartParking-Event-Id", event.json.getString("event_id"))
                  .header("X-SmartParking-Timestamp", timestamp)
                  .header("X-SmartParking-Signature", signature(wrongSecret != null ? wrongSecret : hook.secret(), timestamp, body))
                  .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return answer.statusCode() / 100 == 2;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** API.md: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)). */
  static String signature(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether every event of a unit with a webhook has been delivered (or given up on purpose). */
  public synchronized boolean allDelivered() {
    return events.stream().allMatch(e -> e.delivered);
  }

  // The API's view.

  private static String rfc3339(Instant at) {
    return at == null ? null : at.truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d{2}:\\d{2}:\\d{2})Z$", "$1.000Z");
  }

  private static String prefixed(String prefix, long id) {
    return prefix + "-" + (id < 1_000_000 ? "%06d".formatted(id) : Long.toString(id));
  }

  private JsonObject alarmJson(Alarm alarm) {
    Cover cover = covers.get(alarm.cover);
    return new JsonObject()
        .put("id", prefixed("A", alarm.id))
        .put("cover_id", alarm.cover)
        .put("unit", new JsonObject().put("id", cover.unit()).put("name", unitNames.get(cover.unit())))
        .put("district", cover.district())
        .put("type", alarm.type)
        .put("status", alarm.status)
        .put("active", alarm.active)
        .put("raised_at", rfc3339(alarm.raisedAt))
        .put("reading", alarm.reading)
        .put("last_reading_at", rfc3339(alarm.lastReadingAt))
        .put("cleared_at", rfc3339(alarm.clearedAt))
        .put("acknowledged_at", null)
        .put("acknowledged_by", null)
        .put("resolved_at", null)
        .put("resolved_by", null);
  }

  private JsonObject eventJson(Event event) {
    return new JsonObject()
        .put("event_id", prefixed("E", event.id))
        .put("event", event.event)
        .put("occurred_at", rfc3339(event.occurredAt))
        .put("by", null)
        .put("note", null)
        .put("alarm", alarmJson(event.alarm));
  }

  /** Every alarm, newest first, as {@code GET /api/v1/covers/alarms} lists them. */
  public synchronized List<JsonObject> list() {
    return alarms.stream()
        .sorted(Comparator.comparing((Alarm a) -> a.raisedAt).thenComparing(a -> a.id).reversed())
        .map(this::alarmJson)
        .toList();
  }

  /** One alarm with its history, or null for an unknown id. */
  public synchronized JsonObject detail(String alarmId) {
    for (Alarm alarm : alarms) {
      if (prefixed("A", alarm.id).equals(alarmId)) {
        JsonArray history = new JsonArray();
        events.stream().filter(e -> e.alarm == alarm).forEach(e -> history.add(e.json));
        return alarmJson(alarm).put("events", history);
      }
    }
    return null;
  }

  // Damage on purpose, for the tests of verify.

  /** Forgets a cover's alarm of a type and its events, as a server that never raised it. */
  public synchronized void loseAlarm(String coverId, String type) {
    Alarm alarm = alarms.stream().filter(a -> a.cover.equals(coverId) && a.type.equals(type)).findFirst().orElseThrow();
    alarms.remove(alarm);
    events.removeIf(e -> e.alarm == alarm);
    pending.removeIf(e -> e.alarm == alarm);
  }

  /** Raises an alarm no reading calls for. */
  public synchronized void raiseWithoutCause(String coverId, String type, JsonObject reading) {
    raise(coverId, type, reading, clock.instant());
  }

  /** Turns a cover's alarm of one type into another type, histories too: a server that judged the wrong measurement. */
  public synchronized void retype(String coverId, String from, String to) {
    Alarm alarm = alarms.stream().filter(a -> a.cover.equals(coverId) && a.type.equals(from)).findFirst().orElseThrow();
    alarm.type = to;
    events.stream().filter(e -> e.alarm == alarm).forEach(e -> e.json.getJsonObject("alarm").put("type", to));
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}
