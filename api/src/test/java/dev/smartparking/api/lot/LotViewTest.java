package dev.smartparking.api.lot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A lot's answer bytes are kept between answers: they must follow every change of the lot's record
 * and every change of its judged state, which moves with the clock alone.
 */
class LotViewTest {

  private static final Instant SEEN = Instant.parse("2026-12-05T06:00:00Z");
  private static final Duration OFFLINE_AFTER = Duration.ofMinutes(10);

  private final SetClock clock = new SetClock(SEEN.plusSeconds(30));
  private final LotView view = new LotView(new ReportingRule(OFFLINE_AFTER, clock));

  private static LotNow lot(Integer free, Boolean closed, Instant seen) {
    return new LotNow("L-1", "东门 \"north\"", "410802", 35.24, 113.24, 420, 400, free, closed, seen, seen,
        "\"phone\":\"0391-1234567\"".getBytes(StandardCharsets.UTF_8), false);
  }

  private JsonObject written(LotNow lot) {
    Buffer out = Buffer.buffer();
    view.write(out, lot, 12.5);
    return new JsonObject(out);
  }

  /** What a view that never wrote the lot before writes now. */
  private String writtenAfresh(LotNow lot) {
    Buffer out = Buffer.buffer();
    new LotView(new ReportingRule(OFFLINE_AFTER, clock)).write(out, lot, 12.5);
    return out.toString();
  }

  @Test
  void aLotWrittenAgainAfterItsStateChangedShowsTheNewState() {
    written(lot(12, false, SEEN));

    LotNow later = lot(11, true, SEEN.plusSeconds(20));
    JsonObject again = written(later);

    assertThat(again.getInteger("free")).isEqualTo(11);
    assertThat(again.getString("state")).isEqualTo("closed");
    assertThat(again.getString("last_seen_at")).isEqualTo("2026-12-05T06:00:20.000Z");
    assertThat(again.encode()).isEqualTo(new JsonObject(writtenAfresh(later)).encode());
  }

  @Test
  void aLotKeepsItsBytesButItsStateIsJudgedAtEachAnswer() {
    LotNow lot = lot(12, false, SEEN);
    assertThat(written(lot).getString("state")).isEqualTo("open");

    clock.set(SEEN.plus(OFFLINE_AFTER).plusSeconds(1));

    assertThat(written(lot).getString("state")).isEqualTo("offline");
  }

  @Test
  void aLotWrittenTwiceIsWrittenAsAFreshViewWritesIt() {
    LotNow lot = lot(12, false, SEEN);
    Buffer first = Buffer.buffer();
    view.write(first, lot, 12.5);
    Buffer second = Buffer.buffer();
    view.write(second, lot, 12.5);

    assertThat(second.toString()).isEqualTo(first.toString()).isEqualTo(writtenAfresh(lot));
    assertThat(new JsonObject(second).getString("name")).isEqualTo("东门 \"north\"");
  }

  @Test
  void aLotThatNeverReportedIsWrittenWithNullsAndUnknown() {
    JsonObject never = written(lot(null, null, null));

    assertThat(never.getValue("free")).isNull();
    assertThat(never.getValue("updated_at")).isNull();
    assertThat(never.getString("state")).isEqualTo("unknown");
  }

  @Test
  void theSingleLotAnswerAddsTheStaticDataAfterTheState() {
    Buffer out = Buffer.buffer();
    view.writeWithDetails(out, lot(12, false, SEEN));

    JsonObject answer = new JsonObject(out);
    assertThat(answer.getString("phone")).isEqualTo("0391-1234567");
    assertThat(answer.fieldNames()).containsExactly("id", "name", "district", "location", "capacity", "total", "free",
        "state", "updated_at", "last_seen_at", "phone");
  }

  /** A clock set by the test. */
  private static final class SetClock extends Clock {

    private volatile Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }
  }
}
