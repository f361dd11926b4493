package dev.smartparking.api;

import static dev.smartparking.api.AvailabilityFollowsLotStateTest.district;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.SseClient.Event;
import dev.smartparking.api.push.PushSettings;
import dev.smartparking.testkit.Eventually;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/availability/stream} and {@code GET /api/v1/lots/stream}: what the polling
 * API shows, pushed. Each test changes lots of its own districts with SQL, as ingest would.
 */
class PushStreamApiTest {

  /** Long enough that two changes awaited one after the other fall within one window on a loaded machine. */
  private static final Duration WINDOW = Duration.ofMillis(1_500);
  /**
   * More than one burst of the test's 2,000 lots (~660 KB), so a client that reads is never
   * dropped; small beside the stalled client's socket buffers, so that it needs little more data.
   */
  private static final int MAX_QUEUED_BYTES = 1 << 20;
  private static final PushSettings SETTINGS = new PushSettings(Duration.ofMillis(300), MAX_QUEUED_BYTES, WINDOW, 64);

  @RegisterExtension
  static final ApiFixture api = ApiFixture.withPush(SETTINGS);

  @Test
  void clientSeesEveryDistrictChangeThePollingApiShowsInOrder() {
    api.district("S-1", "every change");
    api.lot("S-1-a", "S-1", 100);
    api.lot("S-1-b", "S-1", 50);
    api.state("S-1-a", 100, 40, false, Duration.ZERO);
    api.state("S-1-b", 50, 5, false, Duration.ZERO);

    try (SseClient client = SseClient.open(api, "/api/v1/availability/stream")) {
      Events stream = new Events(client);
      JsonObject before = api.await("/api/v1/availability", city -> district(city, "S-1").getLong("free") == 45);
      // The state first (as sent, which may be a window behind the seeding), then its changes.
      stream.until("district S-1", district(before, "S-1"));
      stream.until("city", summary(before));

      // Lot and free spaces, each a change of the district's figures.
      String[][] changes = {{"S-1-a", "39"}, {"S-1-b", "12"}, {"S-1-a", "0"}, {"S-1-b", "50"}, {"S-1-a", "7"},
          {"S-1-b", "33"}};
      for (String[] change : changes) {
        api.db().execute("UPDATE lot_state SET free = %s, last_seen_at = now() WHERE lot_id = '%s'"
            .formatted(change[1], change[0]));
        JsonObject polled = api.await("/api/v1/availability",
            city -> !district(city, "S-1").equals(stream.last("district S-1")));

        assertThat(stream.next("district S-1")).as("after %s", (Object) change).isEqualTo(district(polled, "S-1"));
        assertThat(stream.next("city")).as("after %s", (Object) change).isEqualTo(summary(polled));
      }
    }
  }

  @Test
  void reconnectWithLastEventIdMissesNothing() {
    api.district("S-2", "resume");
    api.lot("S-2-a", "S-2", 100);
    api.state("S-2-a", 100, 10, false, Duration.ZERO);
    api.await("/api/v1/availability", city -> district(city, "S-2").getLong("free") == 10);

    try (SseClient stayed = SseClient.open(api, "/api/v1/availability/stream")) {
      Events throughout = new Events(stayed);
      String lastSeen;
      try (SseClient left = SseClient.open(api, "/api/v1/availability/stream")) {
        Events before = new Events(left);
        JsonObject seeded = district(api.await("/api/v1/availability", city -> true), "S-2");
        before.until("district S-2", seeded);
        lastSeen = before.read().get(before.read().size() - 1).id();
        throughout.until("district S-2", seeded);
      }
      for (int free = 11; free <= 14; free++) {
        api.db().execute("UPDATE lot_state SET free = %d, last_seen_at = now() WHERE lot_id = 'S-2-a'".formatted(free));
        int expected = free;
        api.await("/api/v1/availability", city -> district(city, "S-2").getLong("free") == expected);
      }
      while (throughout.next("district S-2").getLong("free") != 14) {
        // the client that stayed gets each change (some coalesced), up to the last
      }
      List<Event> afterLastSeen = throughout.read().subList(lastIndexOf(throughout.read(), lastSeen) + 1,
          throughout.read().size());

      try (SseClient back = SseClient.open(api, "/api/v1/availability/stream", "Last-Event-ID", lastSeen)) {
        List<Event> resumed = back.next(afterLastSeen.size());

        assertThat(resumed).isEqualTo(afterLastSeen);
        assertThat(back.comments()).noneMatch(comment -> comment.startsWith("Last-Event-ID"));
      }
    }
  }

  @Test
  void reconnectWithAnIdItCannotResumeFromGetsTheCurrentStateFirst() {
    api.district("S-6", "state");
    api.lot("S-6-a", "S-6", 80);
    api.state("S-6-a", 80, 20, false, Duration.ZERO);
    JsonObject polled = api.await("/api/v1/availability", city -> district(city, "S-6").getLong("free") == 20);
    Eventually.within(ApiFixture.CATCH_UP, "the stream to send S-6", () -> {
      try (SseClient fresh = SseClient.open(api, "/api/v1/availability/stream")) {
        return stateOf(fresh, polled).equals(polled);
      }
    });

    // An id of another process (the server restarted): what the client saw may be anything.
    try (SseClient back = SseClient.open(api, "/api/v1/availability/stream", "Last-Event-ID", "zz-7")) {
      JsonObject state = stateOf(back, polled);

      assertThat(state).isEqualTo(polled);
      assertThat(back.comments()).anyMatch(comment -> comment.startsWith("Last-Event-ID zz-7 is not among"));
    }
  }

  @Test
  void changesOfOneDistrictWithinTheWindowAreCoalescedToTheNewest() {
    api.district("S-3", "coalesce");
    api.lot("S-3-a", "S-3", 100);
    api.state("S-3-a", 100, 50, false, Duration.ZERO);
    JsonObject seeded = district(api.await("/api/v1/availability", city -> district(city, "S-3").getLong("free") == 50),
        "S-3");

    try (SseClient client = SseClient.open(api, "/api/v1/availability/stream")) {
      Events stream = new Events(client);
      stream.until("district S-3", seeded);
      setFree("S-3-a", 1);
      assertThat(stream.next("district S-3").getLong("free")).isEqualTo(1);
      long sent = System.nanoTime();
      // Two changes the polling API shows one after the other, within the window of the event above.
      setFree("S-3-a", 2);
      setFree("S-3-a", 3);
      Duration taken = Duration.ofNanos(System.nanoTime() - sent);

      JsonObject next = stream.next("district S-3");
      assertThat(taken).as("the changes were made within the window").isLessThan(WINDOW);
      assertThat(next.getLong("free")).as("the newest state, the one before coalesced away").isEqualTo(3);
    }
  }

  @Test
  void subscriberThatDoesNotKeepUpIsDroppedAndCounted() throws IOException {
    // Far more than socket buffers (the server's send buffer autotunes up to net.ipv4.tcp_wmem's
    // maximum, 4 MB here, and holds joined writes compactly) and the queue's 1 MB.
    int lots = 2_000;
    districtOfLots("S-4", lots);
    double dropsBefore = lotStreamDrops();
    awaitNoLotStreams();

    try (Socket stalled = StalledClient.open(api, "/api/v1/lots/stream?district=S-4");
        SseClient reading = SseClient.open(api, "/api/v1/lots/stream?district=S-4")) {
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + lotStreamSubscribers(),
          () -> lotStreamSubscribers() == 2);
      Events stream = new Events(reading);
      // A quarter of the lots a statement, bursts the queue bound takes, as ingest's batches are;
      // a round at a time, so that each lot's change is an event (32,000 of them, about 10 MB).
      for (int round = 1; round <= 16; round++) {
        for (int quarter = 0; quarter < 4; quarter++) {
          api.db().execute("""
              UPDATE lot_state SET free = %d, last_seen_at = now()
              WHERE lot_id IN (SELECT id FROM lots WHERE district_code = 'S-4' AND right(id, 1)::int %% 4 = %d)"""
              .formatted(round, quarter));
        }
        // The last statement's lot: its change is applied after the three before it.
        while (stream.next("S-4-01997").getInteger("free") != round) {
          // an older state
        }
      }

      Eventually.within(ApiFixture.CATCH_UP, () -> "drops: " + lotStreamDrops(),
          () -> lotStreamDrops() == dropsBefore + 1);
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + lotStreamSubscribers(),
          () -> lotStreamSubscribers() == 1);
      assertThat(StalledClient.endOfStream(stalled)).as("the stalled client's connection was closed").isTrue();
      List<Integer> frees = new ArrayList<>();
      for (int round = 1; round <= 16; round++) {
        frees.add(stream.next("S-4-02000").getInteger("free"));
      }
      assertThat(frees).as("the reading client was sent every change").isEqualTo(
          java.util.stream.IntStream.rangeClosed(1, 16).boxed().toList());
      assertThat(reading.ended()).isFalse();
    }
  }

  @Test
  void burstOfLotChangesReachesAClientInAFewWrites() throws IOException {
    int lots = 500;
    districtOfLots("S-7", lots);
    awaitNoLotStreams();

    // Read as it comes, chunk by chunk (its small receive window does not change what the server writes).
    try (Socket client = StalledClient.open(api, "/api/v1/lots/stream?district=S-7")) {
      ChunkedBody body = ChunkedBody.after(client);
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + lotStreamSubscribers(),
          () -> lotStreamSubscribers() == 1);
      // One statement: one change of the view, 500 lot events of ~330 bytes.
      api.db().execute("UPDATE lot_state SET free = 7, last_seen_at = now() WHERE lot_id LIKE 'S-7-%'");

      int events = 0;
      int writes = 0;
      while (events < lots) {
        int inChunk = body.nextChunk().split("event: lot\n", -1).length - 1;
        events += inChunk;
        writes += inChunk > 0 ? 1 : 0;
      }

      assertThat(events).isEqualTo(lots);
      // ~165 KB: about 11 writes of 16 KB; one a frame, it was 500.
      assertThat(writes).as("writes (HTTP chunks) carrying the %d lot events", lots).isLessThanOrEqualTo(lots / 10);
    }
  }

  @Test
  void lotStreamSendsOnlyItsDistrictsLotsAsTheLotAnswerShowsThem() {
    api.district("S-5a", "lots a");
    api.district("S-5b", "lots b");
    api.lot("S-5a-1", "S-5a", 30);
    api.lot("S-5b-1", "S-5b", 30);
    api.state("S-5a-1", 30, 3, false, Duration.ZERO);
    api.state("S-5b-1", 30, 3, false, Duration.ZERO);

    awaitNoLotStreams();
    try (SseClient filtered = SseClient.open(api, "/api/v1/lots/stream?district=S-5a");
        SseClient all = SseClient.open(api, "/api/v1/lots/stream")) {
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + lotStreamSubscribers(),
          () -> lotStreamSubscribers() == 2);
      setFree("S-5b-1", 4);
      setFree("S-5a-1", 5);
      JsonObject lotA = api.await("/api/v1/lots/S-5a-1", lot -> lot.getInteger("free") == 5);
      JsonObject lotB = api.await("/api/v1/lots/S-5b-1", lot -> lot.getInteger("free") == 4);

      Event first = filtered.next();
      assertThat(first.event()).isEqualTo("lot");
      assertThat(new JsonObject(first.data())).isEqualTo(lotA);
      assertThat(filtered.poll(Duration.ofMillis(500))).as("nothing of S-5b").isNull();
      Events everything = new Events(all);
      assertThat(everything.next("S-5b-1")).isEqualTo(lotB);
      assertThat(everything.next("S-5a-1")).isEqualTo(lotA);
    }
  }

  @Test
  void lotStreamRefusesAnUnknownDistrictNamingIt() {
    JsonObject error = ApiFixture.assertError(
        api.get("/api/v1/lots/stream?district=NOWHERE", ApiFixture.READER_TOKEN), 400, "bad_parameter");

    assertThat(error.getString("message")).contains("'NOWHERE'");
  }

  /**
   * District {@code code} with {@code lots} lots ({@code <code>-00001} on), all reporting with no
   * space free, once the polling API shows them.
   */
  private static void districtOfLots(String code, int lots) {
    api.district(code, code);
    api.db().execute("""
        INSERT INTO lots (id, name, district_code, lat, lon, capacity, counting, kind)
        SELECT '%1$s-' || lpad(n::text, 5, '0'), '%1$s', '%1$s', 35.2, 113.2, 100, 'status', 'street'
        FROM generate_series(1, %2$d) n""".formatted(code, lots));
    api.db().execute("""
        INSERT INTO lot_state (lot_id, total, free, closed, observed_at, last_seen_at)
        SELECT id, 100, 0, false, now(), now() FROM lots WHERE district_code = '%s'""".formatted(code));
    api.await("/api/v1/availability", city -> district(city, code).getLong("lots_reporting") == lots);
  }

  /** Sets a lot's free spaces and waits for the polling API to show it. */
  private static void setFree(String lotId, int free) {
    api.db().execute("UPDATE lot_state SET free = %d, last_seen_at = now() WHERE lot_id = '%s'".formatted(free, lotId));
    api.await("/api/v1/lots/" + lotId, lot -> lot.getInteger("free") == free);
    api.await("/api/v1/availability", city -> city.getJsonArray("districts").stream()
        .map(JsonObject.class::cast)
        .filter(row -> row.getString("code").equals(lotDistrict(lotId)))
        .anyMatch(row -> row.getLong("free") == free));
  }

  private static String lotDistrict(String lotId) {
    return lotId.substring(0, lotId.lastIndexOf('-'));
  }

  /**
   * The state a stream sends first, as GET /api/v1/availability would show it: its city event and
   * a district event for every district {@code like} has.
   */
  private static JsonObject stateOf(SseClient client, JsonObject like) {
    Events stream = new Events(client);
    JsonObject state = stream.next("city").copy();
    io.vertx.core.json.JsonArray rows = new io.vertx.core.json.JsonArray();
    for (Object row : like.getJsonArray("districts")) {
      rows.add(stream.next("district " + ((JsonObject) row).getString("code")));
    }
    return state.put("districts", rows);
  }

  /** The last event with {@code id}: the events of the state a client is sent first all have the newest id. */
  private static int lastIndexOf(List<Event> events, String id) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("no event " + id + " in " + events);
  }

  /** Streams of other tests, closed by their clients, have left. */
  private static void awaitNoLotStreams() {
    Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + lotStreamSubscribers(),
        () -> lotStreamSubscribers() == 0);
  }

  private static double lotStreamDrops() {
    return api.meters.get("smartparking.lots.stream.drops").counter().count();
  }

  private static double lotStreamSubscribers() {
    return api.meters.get("smartparking.lots.stream.subscribers").gauge().value();
  }

  /** GET /api/v1/availability without its district rows: the city event's data. */
  private static JsonObject summary(JsonObject availability) {
    JsonObject city = availability.copy();
    city.remove("districts");
    return city;
  }

  /**
   * The events of a stream by what they are about ({@code city}, {@code district 410802}, a lot
   * id), each taken in the order it came.
   */
  private static final class Events {

    private final SseClient client;
    private final Map<String, ArrayDeque<JsonObject>> unread = new HashMap<>();
    private final Map<String, JsonObject> last = new HashMap<>();
    private final List<Event> all = new ArrayList<>();

    Events(SseClient client) {
      this.client = client;
    }

    /** The next event about {@code key}, waiting for it as {@link SseClient#next()} does. */
    JsonObject next(String key) {
      while (unread.getOrDefault(key, new ArrayDeque<>()).isEmpty()) {
        Event event = client.next();
        all.add(event);
        JsonObject data = new JsonObject(event.data());
        String about = switch (event.event()) {
          case "district" -> "district " + data.getString("code");
          case "lot" -> data.getString("id");
          default -> event.event();
        };
        unread.computeIfAbsent(about, k -> new ArrayDeque<>()).add(data);
      }
      JsonObject data = unread.get(key).poll();
      last.put(key, data);
      return data;
    }

    /** Takes the events about {@code key} until one is {@code expected}. */
    void until(String key, JsonObject expected) {
      while (!next(key).equals(expected)) {
        // an older state
      }
    }

    /** The last event about {@code key} taken. */
    JsonObject last(String key) {
      return last.get(key);
    }

    /** Every event read from the stream so far. */
    List<Event> read() {
      return all;
    }
  }
}
