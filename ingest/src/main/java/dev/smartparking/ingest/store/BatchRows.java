package dev.smartparking.ingest.store;

import dev.smartparking.db.Columns;
import dev.smartparking.ingest.decode.BaysReport;
import dev.smartparking.ingest.decode.ControlCharacters;
import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.ingest.decode.PassageReport;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.TelemetryReport;
import dev.smartparking.ingest.decode.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Lays a batch of verdicts out as the 42 column arrays {@link BatchStatement#SQL} unnests, grouped by kind. */
final class BatchRows {

  private final List<Rejected> rejected = new ArrayList<>();
  private final List<LotStatusReport> statuses = new ArrayList<>();
  private final List<PassageReport> passages = new ArrayList<>();
  private final List<BayRow> bays = new ArrayList<>();
  private final List<TelemetryReport> telemetry = new ArrayList<>();

  /** One bay change with the message it came in. */
  private record BayRow(BaysReport message, BaysReport.Change change) {}

  private BatchRows() {}

  static Tuple of(List<Verdict> verdicts) {
    BatchRows rows = new BatchRows();
    verdicts.forEach(rows::add);
    return rows.tuple();
  }

  private void add(Verdict verdict) {
    if (verdict instanceof Rejected r) {
      rejected.add(r);
    } else if (verdict instanceof LotStatusReport s) {
      statuses.add(s);
    } else if (verdict instanceof PassageReport p) {
      passages.add(p);
    } else if (verdict instanceof BaysReport b) {
      b.changes().forEach(change -> bays.add(new BayRow(b, change)));
    } else {
      telemetry.add((TelemetryReport) verdict);
    }
  }

  private Tuple tuple() {
    return Columns.tuple(
        Columns.of(rejected, r -> r.inbound().receivedAtMillis(), Long[]::new),
        Columns.of(rejected, r -> r.inbound().deviceId(), String[]::new),
        // the topic and the detail may quote device text that PostgreSQL text cannot hold (U+0000)
        Columns.of(rejected, r -> ControlCharacters.escaped(r.inbound().topic()), String[]::new),
        Columns.of(rejected, r -> (short) r.inbound().qos(), Short[]::new),
        Columns.of(rejected, r -> r.reason().tag(), String[]::new),
        Columns.of(rejected, r -> ControlCharacters.escaped(r.detail()), String[]::new),
        Columns.of(rejected, r -> r.inbound().payload(), Buffer[]::new),

        Columns.of(statuses, LotStatusReport::deviceId, String[]::new),
        Columns.of(statuses, LotStatusReport::seq, Long[]::new),
        Columns.of(statuses, LotStatusReport::tsMillis, Long[]::new),
        Columns.of(statuses, LotStatusReport::lotId, String[]::new),
        Columns.of(statuses, LotStatusReport::total, Integer[]::new),
        Columns.of(statuses, LotStatusReport::free, Integer[]::new),
        Columns.of(statuses, LotStatusReport::closed, Boolean[]::new),
        Columns.of(statuses, LotStatusReport::receivedAtMillis, Long[]::new),

        Columns.of(passages, PassageReport::deviceId, String[]::new),
        Columns.of(passages, PassageReport::seq, Long[]::new),
        Columns.of(passages, PassageReport::tsMillis, Long[]::new),
        Columns.of(passages, PassageReport::lotId, String[]::new),
        Columns.of(passages, p -> p.entering() ? "in" : "out", String[]::new),
        Columns.of(passages, PassageReport::gate, String[]::new),
        Columns.of(passages, p -> p.plateHmac() == null ? null : Buffer.buffer(p.plateHmac()), Buffer[]::new),
        Columns.of(passages, PassageReport::receivedAtMillis, Long[]::new),

        Columns.of(bays, b -> b.message().deviceId(), String[]::new),
        Columns.of(bays, b -> b.message().seq(), Long[]::new),
        Columns.of(bays, b -> b.message().tsMillis(), Long[]::new),
        Columns.of(bays, b -> b.message().lotId(), String[]::new),
        Columns.of(bays, b -> b.change().bayId(), String[]::new),
        Columns.of(bays, b -> b.change().occupied(), Boolean[]::new),
        Columns.of(bays, b -> b.change().observedAtMillis(), Long[]::new),
        Columns.of(bays, b -> b.message().receivedAtMillis(), Long[]::new),

        Columns.of(telemetry, TelemetryReport::deviceId, String[]::new),
        Columns.of(telemetry, TelemetryReport::seq, Long[]::new),
        Columns.of(telemetry, TelemetryReport::tsMillis, Long[]::new),
        Columns.of(telemetry, TelemetryReport::coverId, String[]::new),
        Columns.of(telemetry, TelemetryReport::tiltDeg, Double[]::new),
        Columns.of(telemetry, TelemetryReport::open, Boolean[]::new),
        Columns.of(telemetry, TelemetryReport::waterLevelCm, Double[]::new),
        Columns.of(telemetry, TelemetryReport::gasPpm, Double[]::new),
        Columns.of(telemetry, t -> t.batteryPct() == null ? null : t.batteryPct().shortValue(), Short[]::new),
        Columns.of(telemetry, t -> t.rssiDbm() == null ? null : t.rssiDbm().shortValue(), Short[]::new),
        Columns.of(telemetry, TelemetryReport::receivedAtMillis, Long[]::new));
  }
}
