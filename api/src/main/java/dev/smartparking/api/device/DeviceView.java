package dev.smartparking.api.device;

import dev.smartparking.api.http.JsonResponses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.Arrays;

/**
 * A device as the admin sees it, with whether it is connected now: its session's row in
 * device_presence names an ingest process whose heartbeat is fresh (V14), so a crashed process's
 * sessions stop counting within {@link #PROCESS_GONE_AFTER_MS}.
 */
final class DeviceView {

  /** Three missed heartbeats of an ingest process (every 10 s) and its sessions no longer count. */
  static final long PROCESS_GONE_AFTER_MS = 30_000;
  static final String FROM = """
      SELECT d.id, d.kind, d.enabled,
             ARRAY(SELECT lot_id FROM device_lots WHERE device_id = d.id ORDER BY lot_id) AS lots,
             ARRAY(SELECT cover_id FROM device_covers WHERE device_id = d.id ORDER BY cover_id) AS covers,
             CASE WHEN live.connected THEN now() ELSE p.last_seen_at END AS last_seen_at,
             live.connected
      FROM devices d
      LEFT JOIN device_presence p ON p.device_id = d.id
      CROSS JOIN LATERAL (SELECT p.process_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM ingest_processes i
          WHERE i.process_id = p.process_id
            AND i.heartbeat_at > now() - interval '1 millisecond' * """ + PROCESS_GONE_AFTER_MS + """
          ) AS connected) AS live
      """;

  private DeviceView() {}

  static JsonObject json(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("kind", row.getString("kind"))
        .put("enabled", row.getBoolean("enabled"))
        .put("lots", new JsonArray(Arrays.asList((Object[]) row.getArrayOfStrings("lots"))))
        .put("covers", new JsonArray(Arrays.asList((Object[]) row.getArrayOfStrings("covers"))))
        .put("last_seen_at", JsonResponses.timestamp(row.getOffsetDateTime("last_seen_at")))
        .put("connected", row.getBoolean("connected"));
  }
}
