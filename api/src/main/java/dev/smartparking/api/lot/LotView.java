package dev.smartparking.api.lot;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.JsonResponses;
import dev.smartparking.api.http.Scope;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A lot as every lot resource answers it (API.md, {@code GET /api/v1/lots/{lotId}}), written
 * from the lot in memory; its state is judged at the moment of answering. Also the one copy of
 * {@link Scope}'s lot rule for lots in memory.
 *
 * <p>Written as JSON bytes, not built as a JsonObject and encoded (the generic encoder cost
 * about 4 µs a lot), and each lot's bytes are kept between answers ({@link LotText}): writing
 * them anew (escaping the names, two doubles and two times) was still most of a nearby answer's
 * or a list page's CPU. The shape is the one the JsonObject had, field for field and in order
 * (what {@code LotsFromMemoryTest} compares with PostgreSQL's rows); numbers are written as
 * Jackson writes them ({@code Double.toString}).
 */
public final class LotView {

  private static final JsonStringEncoder STRINGS = JsonStringEncoder.getInstance();

  private final ReportingRule rule;
  /**
   * Each lot's bytes as last written, by id. The view replaces a lot's record whenever anything
   * of it changes, so bytes written from another record than the one answered are rewritten.
   */
  private final Map<String, LotText> texts = new ConcurrentHashMap<>();

  public LotView(ReportingRule rule) {
    this.rule = rule;
  }

  /**
   * A lot's answer but its {@code state}, which is judged when answering (a lot falls offline
   * without any change of its record): the members before the state's value, up to
   * {@code stateAt}, and those after it, without the closing brace.
   */
  private record LotText(LotNow lot, byte[] bytes, int stateAt) {

    static LotText of(LotNow lot) {
      Buffer out = Buffer.buffer(320);
      string(out.appendString("{\"id\":"), lot.id());
      string(out.appendString(",\"name\":"), lot.name());
      string(out.appendString(",\"district\":"), lot.district());
      out.appendString(",\"location\":{\"lat\":").appendString(Double.toString(lot.lat()))
          .appendString(",\"lon\":").appendString(Double.toString(lot.lon()))
          .appendString("},\"capacity\":").appendString(Integer.toString(lot.capacity()))
          .appendString(",\"total\":").appendString(Integer.toString(lot.total() != null ? lot.total() : lot.capacity()))
          .appendString(",\"free\":").appendString(String.valueOf(lot.free()))
          .appendString(",\"state\":");
      int stateAt = out.length();
      string(out.appendString(",\"updated_at\":"), JsonResponses.timestamp(lot.observedAt()));
      string(out.appendString(",\"last_seen_at\":"), JsonResponses.timestamp(lot.lastSeenAt()));
      return new LotText(lot, out.getBytes(), stateAt);
    }
  }

  /**
   * Forgets the bytes of every lot {@code registered} refuses: a lot removed from the registry
   * would otherwise keep them for as long as the process runs. A removed lot answered while this
   * runs may keep its bytes until the next reload: never answered stale, since bytes are always
   * checked against the record they are asked for.
   */
  public void keepOnly(Predicate<String> registered) {
    texts.keySet().removeIf(registered.negate());
  }

  /** How many lots' bytes are kept. */
  int kept() {
    return texts.size();
  }

  /** Appends the lot's JSON object to {@code out}, with {@code distance_m} last when it is given. */
  public void write(Buffer out, LotNow lot, Double distanceM) {
    writeOpen(out, lot);
    if (distanceM != null) {
      out.appendString(",\"distance_m\":").appendString(Double.toString(distanceM));
    }
    out.appendByte((byte) '}');
  }

  /** As {@link #write}, with the lot's static data (operator, fees, opening hours…) after its state. */
  void writeWithDetails(Buffer out, LotNow lot) {
    writeOpen(out, lot);
    if (lot.details() != null) {
      out.appendByte((byte) ',').appendBytes(lot.details());
    }
    out.appendByte((byte) '}');
  }

  /** The lot's members, its state judged now, without the closing brace. */
  private void writeOpen(Buffer out, LotNow lot) {
    LotText text = texts.get(lot.id());
    if (text == null || text.lot() != lot) {
      text = LotText.of(lot);
      texts.put(lot.id(), text);
    }
    // The states are plain words: nothing to escape.
    out.appendBytes(text.bytes(), 0, text.stateAt())
        .appendByte((byte) '"').appendString(rule.state(lot.lastSeenAt(), lot.closed())).appendByte((byte) '"')
        .appendBytes(text.bytes(), text.stateAt(), text.bytes().length - text.stateAt());
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
