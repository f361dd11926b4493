package dev.smartparking.ingest.store;

import dev.smartparking.ingest.decode.LotStatusReport;
import dev.smartparking.ingest.decode.Rejected;
import dev.smartparking.ingest.decode.Verdict;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Lays a batch of verdicts out as the column arrays {@link BatchWriter#WRITE_BATCH} unnests. */
final class BatchRows {

  private BatchRows() {}

  static Tuple of(List<Verdict> verdicts) {
    List<Rejected> rejected = new ArrayList<>();
    List<LotStatusReport> statuses = new ArrayList<>();
    for (Verdict verdict : verdicts) {
      if (verdict instanceof Rejected r) {
        rejected.add(r);
      } else {
        statuses.add((LotStatusReport) verdict);
      }
    }
    return rejectedColumns(rejected, statusColumns(statuses, Tuple.tuple()));
  }

  private static Tuple statusColumns(List<LotStatusReport> rows, Tuple tuple) {
    int n = rows.size();
    String[] device = new String[n];
    Long[] seq = new Long[n];
    Long[] ts = new Long[n];
    String[] lot = new String[n];
    Integer[] total = new Integer[n];
    Integer[] free = new Integer[n];
    Boolean[] closed = new Boolean[n];
    Long[] received = new Long[n];
    for (int i = 0; i < n; i++) {
      LotStatusReport s = rows.get(i);
      device[i] = s.deviceId();
      seq[i] = s.seq();
      ts[i] = s.tsMillis();
      lot[i] = s.lotId();
      total[i] = s.total();
      free[i] = s.free();
      closed[i] = s.closed();
      received[i] = s.receivedAtMillis();
    }
    return tuple.addArrayOfString(device).addArrayOfLong(seq).addArrayOfLong(ts).addArrayOfString(lot)
        .addArrayOfInteger(total).addArrayOfInteger(free).addArrayOfBoolean(closed).addArrayOfLong(received);
  }

  private static Tuple rejectedColumns(List<Rejected> rows, Tuple tuple) {
    int n = rows.size();
    Long[] received = new Long[n];
    String[] device = new String[n];
    String[] topic = new String[n];
    Short[] qos = new Short[n];
    String[] reason = new String[n];
    String[] detail = new String[n];
    Buffer[] payload = new Buffer[n];
    for (int i = 0; i < n; i++) {
      Rejected r = rows.get(i);
      received[i] = r.inbound().receivedAtMillis();
      device[i] = r.inbound().deviceId();
      topic[i] = r.inbound().topic();
      qos[i] = (short) r.inbound().qos();
      reason[i] = r.reason().tag();
      detail[i] = r.detail();
      payload[i] = r.inbound().payload();
    }
    return tuple.addArrayOfLong(received).addArrayOfString(device).addArrayOfString(topic).addArrayOfShort(qos)
        .addArrayOfString(reason).addArrayOfString(detail).addValue(payload);
  }
}
