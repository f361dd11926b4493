package dev.smartparking.api.lot;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.Scope;
import io.vertx.core.buffer.Buffer;
import java.util.function.Predicate;

/**
 * A lot as every lot resource answers it (API.md, {@code GET /api/v1/lots/{lotId}}), written
 * from the lot in memory; its state is judged at the moment of answering. Also the one copy of
 * {@link Scope}'s lot rule for lots in memory.
 *
 * <p>Written straight as JSON bytes rather than built as a JsonObject and encoded: lists and
 * nearby answer up to a thousand lots, and the generic encoder cost about 4 µs a lot, most of
 * an answer's cost. The shape is the one the JsonObject had, field for field and in order (what
 * {@code LotsFromMemoryTest} compares with PostgreSQL's rows); numbers are written as Jackson
 * writes them ({@code Double.toString}).
 */
public final class LotView {

  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

  private final ReportingRule rule;

  public LotView(ReportingRule rule) {
    this.rule = rule;
  }

  /** Appends the lot's JSON object to {@code out}, with {@code distance_m} last when it is given. */
  public void write(Buffer out, LotNow lot, Double distanceM) {
    string(out.appendString("{\"id\":"), lot.id());
    string(out.appendString(",\"name\":"), lot.name());
    string(out.appendString(",\"district\":"), lot.district());
    out.appendString(",\"location\":{\"lat\":").appendString(Double.toString(lot.lat()))
        .appendString(",\"lon\":").appendString(Double.toString(lot.lon()))
        .appendString("},\"capacity\":").appendString(Integer.toString(lot.capacity()))
        .appendString(",\"total\":").appendString(Integer.toString(lot.total() != null ? lot.total() : lot.capacity()))
        .appendString(",\"free\":").appendString(String.valueOf(lot.free()));
    string(out.appendString(",\"state\":"), rule.state(lot.lastSeenAt(), lot.closed()));
    string(out.appendString(",\"updated_at\":"), JsonResponses.timestamp(lot.observedAt()));
    string(out.appendString(",\"last_seen_at\":"), JsonResponses.timestamp(lot.lastSeenAt()));
    if (distanceM != null) {
      out.appendString(",\"distance_m\":").appendString(Double.toString(distanceM));
    }
    out.appendString("}");
  }

  /** As {@link #write}, with the lot's static data (operator, fees, opening hours…) after its state. */
  void writeWithDetails(Buffer out, LotNow lot) {
    write(out, lot, null);
    if (lot.details() != null) {
      out.setByte(out.length() - 1, (byte) ',');
      out.appendBytes(lot.details()).appendString("}");
    }
  }

  /** A JSON string, escaped, or null. */
  private static void string(Buffer out, String value) {
    if (value == null) {
      out.appendString("null");
    } else {
      out.appendByte((byte) '"').appendBytes(STRINGS.quoteAsUTF8(value)).appendByte((byte) '"');
    }
  }

  /** {@link Scope#lotCondition} for a lot in memory: in the scope's district, and never for a unit's token. */
  public static boolean sees(Scope scope, LotNow lot) {
    return scope.seesLotsOf(lot.district());
  }

  /**
   * The lots a list shows: those the scope sees with at least {@code minFree} free spaces when
   * asked; a lot that never reported has no free count, so it never meets {@code min_free}.
   */
  static Predicate<LotNow> shown(Scope scope, Integer minFree) {
    return lot -> sees(scope, lot) && (minFree == null || lot.free() != null && lot.free() >= minFree);
  }
}
