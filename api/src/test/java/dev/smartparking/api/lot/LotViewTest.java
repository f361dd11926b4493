package dev.smartparking.api.lot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.api.MovableClock;
import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A lot's answer bytes are kept between answers: they must follow every change of the lot's record
 * and every change of its judged state, which moves with the clock alone.
 */
class LotViewTest {

  private static final Duration OFFLINE_AFTER = Duration.ofMinutes(10);

  private final MovableClock clock = new MovableClock();
  private final Instant seen = clock.instant().minusSeconds(30);
  private final LotView view = new LotView(new ReportingRule(OFFLINE_AFTER, clock));

  private static LotNow lot(Integer free, Boolean closed, Instant lastSeen) {
    return new LotNow("L-1", "东门 \"north\"", "410802", 35.24, 113.24, 420, 400, free, closed, lastSeen, lastSeen,
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
  void forgetsTheBytesOfLotsNoLongerRegisteredAndKeepsTheOthers() {
    LotNow kept = lot(12, false, seen);
    LotNow removed = new LotNow("L-2", "西门", "410802", 35.25, 113.25, 80, 80, 3, false, seen, seen, null, false);
    written(kept);
    written(removed);
    assertThat(view.kept()).isEqualTo(2);

    view.keepOnly(id -> id.equals("L-1"));

    assertThat(view.kept()).isEqualTo(1);
    assertThat(written(kept).encode()).isEqualTo(new JsonObject(writtenAfresh(kept)).encode());
  }

  @Test
  void aLotWrittenAgainAfterItsStateChangedShowsTheNewState() {
    written(lot(12, false, seen));

    LotNow later = lot(11, true, seen.plusSeconds(20));
    JsonObject again = written(later);

    assertThat(again.getInteger("free")).isEqualTo(11);
    assertThat(again.getString("state")).isEqualTo("closed");
    assertThat(again.getString("last_seen_at")).isEqualTo(JsonResponses.timestamp(seen.plusSeconds(20)));
    assertThat(again.encode()).isEqualTo(new JsonObject(writtenAfresh(later)).encode());
  }

  @Test
  void aLotKeepsItsBytesButItsStateIsJudgedAtEachAnswer() {
    LotNow lot = lot(12, false, seen);
    assertThat(written(lot).getString("state")).isEqualTo("open");

    clock.moveForward(OFFLINE_AFTER);

    assertThat(written(lot).getString("state")).isEqualTo("offline");
  }

  @Test
  void aLotWrittenTwiceIsWrittenAsAFreshViewWritesIt() {
    LotNow lot = lot(12, false, seen);
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
    view.writeWithDetails(out, lot(12, false, seen));

    JsonObject answer = new JsonObject(out);
    assertThat(answer.getString("phone")).isEqualTo("0391-1234567");
    assertThat(answer.fieldNames()).containsExactly("id", "name", "district", "location", "capacity", "total", "free",
        "state", "updated_at", "last_seen_at", "phone");
  }
}
