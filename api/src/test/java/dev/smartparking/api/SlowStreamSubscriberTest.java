package dev.smartparking.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.SseClient.Event;
import dev.smartparking.api.cover.stream.AlarmStreamSettings;
import dev.smartparking.testkit.Eventually;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream client that stops reading is dropped once events pile up for it, so it cannot hold
 * the server's memory; a client that keeps reading is not, and a dropped one catches up with
 * Last-Event-ID.
 */
class SlowStreamSubscriberTest {

  /** Small, so that what the stalled client is sent is mostly what the kernel's buffers hold. */
  private static final int MAX_QUEUED_BYTES = 64 * 1024;
  /**
   * Far more than socket buffers (the server's send buffer autotunes up to net.ipv4.tcp_wmem's
   * maximum, 4 MB on a stock Linux) and the allowed queue hold: ~500 bytes an event, 6 MB.
   */
  private static final int COVERS = 12_000;

  @RegisterExtension
  static final ApiFixture api = ApiFixture.withAlarmStream(new AlarmStreamSettings(
      AlarmStreamSettings.DEFAULT.heartbeat(), MAX_QUEUED_BYTES, AlarmStreamSettings.DEFAULT.poll()));

  @Test
  void clientThatStopsReadingIsDroppedThenCatchesUpWhileOneThatReadsGetsEverything() throws IOException {
    CoverAlarmRows rows = new CoverAlarmRows(api.db());
    rows.unit("U-01", "Unit U-01", "410825");
    api.db().execute("""
        INSERT INTO covers (id, unit_id, district_code, lat, lon, report_interval_s, gas_limit_ppm)
        SELECT 'C-' || lpad(n::text, 6, '0'), 'U-01', '410825', 35.1, 113.1, 600, 25
        FROM generate_series(1, %d) n""".formatted(COVERS));
    double dropsBefore = drops();

    try (Socket stalled = StalledClient.open(api, "/api/v1/covers/alarms/stream");
        SseClient reading = SseClient.open(api, "/api/v1/covers/alarms/stream")) {
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + subscribers(), () -> subscribers() == 2);
      // One statement, as a silent sweep after a power cut would: an alarm and its event per cover.
      api.db().execute("""
          WITH a AS (
              INSERT INTO cover_alarms (cover_id, type, raised_at)
              SELECT id, 'silent', clock_timestamp() FROM covers
              RETURNING *)
          INSERT INTO cover_alarm_events (alarm_id, event, alarm)
          SELECT a.id, 'alarm.raised', cover_alarm_json(a::cover_alarms) FROM a ORDER BY a.id""");

      Eventually.within(ApiFixture.CATCH_UP, () -> "drops: " + drops(), () -> drops() == dropsBefore + 1);
      Eventually.within(ApiFixture.CATCH_UP, () -> "subscribers: " + subscribers(), () -> subscribers() == 1);
      List<Event> all = reading.next(COVERS);
      assertThat(all).extracting(Event::id).doesNotHaveDuplicates();
      assertThat(all.get(COVERS - 1).id()).isEqualTo(lastEventId());
      assertThat(StalledClient.endOfStream(stalled)).as("the stalled client's connection was closed").isTrue();
    }
    // Back with the id of the first event it had: the rest, a page at a time at its own pace.
    String first = (String) api.db().rows("SELECT prefixed_id('E', min(event_id)) AS id FROM cover_alarm_events")
        .get(0).get("id");
    try (SseClient resumed = SseClient.open(api, "/api/v1/covers/alarms/stream", "Last-Event-ID", first)) {
      List<Event> caughtUp = resumed.next(COVERS - 1);

      assertThat(caughtUp.get(COVERS - 2).id()).isEqualTo(lastEventId());
      assertThat(resumed.poll(Duration.ofMillis(500))).isNull();
    }
  }

  private static String lastEventId() {
    return (String) api.db().rows("SELECT prefixed_id('E', max(event_id)) AS id FROM cover_alarm_events")
        .get(0).get("id");
  }

  private static double drops() {
    return api.meters.get("smartparking.cover.alarm.stream.drops").counter().count();
  }

  private static double subscribers() {
    return api.meters.get("smartparking.cover.alarm.stream.subscribers").gauge().value();
  }
}
