package dev.smartparking.api.ngsi;

import dev.smartparking.api.replica.ReadPools;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The bays of bay-counted lots as {@code bay_state} holds them, for the {@code ParkingSpot}
 * entities. Read through {@link ReadPools}: a bay a second or two behind is still a fair answer,
 * and it spares the primary.
 */
final class BayStates {

  /**
   * A page of the bays of the lots $1, in the order of $1 and then by bay id (C collation, as ids
   * sort). The lots' positions come from WITH ORDINALITY rather than array_position, which would
   * search the array once per bay.
   */
  static final String PAGE = """
      SELECT b.lot_id, b.bay_id, b.occupied, b.observed_at
      FROM unnest($1::text[]) WITH ORDINALITY AS l (lot_id, position)
      JOIN bay_state b ON b.lot_id = l.lot_id
      ORDER BY l.position, b.bay_id COLLATE "C"
      LIMIT $2 OFFSET $3""";
  static final String ONE = """
      SELECT lot_id, bay_id, occupied, observed_at FROM bay_state WHERE lot_id = $1 AND bay_id = $2""";

  private final ReadPools reads;

  BayStates(ReadPools reads) {
    this.reads = reads;
  }

  Future<RowSet<Row>> page(List<String> lotIds, int limit, int offset) {
    return reads.pool().preparedQuery(PAGE)
        .execute(Tuple.of(lotIds.toArray(String[]::new), limit, offset));
  }

  Future<RowSet<Row>> one(String lotId, String bayId) {
    return reads.pool().preparedQuery(ONE).execute(Tuple.of(lotId, bayId));
  }
}
