package dev.smartparking.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The notifications that keep the API's availability view current: {@link #CHANGED} names the
 * lots whose {@code lot_state} row a commit changed, {@link #RESYNC} asks for everything to be read
 * again. Here so that ingest, which sends them, and the API, which reads them, share one format,
 * the one the V5 trigger sends for every other writer.
 */
public final class LotStateChannel {

  public static final String CHANGED = "lot_state_changed";
  /** A writer may have committed changes nobody was told of (it was killed before telling). */
  public static final String RESYNC = "lot_state_resync";
  /**
   * A session with this setting {@code off} tells of its own changes after committing them: the V5
   * trigger (V21) then sends nothing for it.
   */
  public static final String SESSION_SETTING = "smartparking.notify_lot_state";
  /** NOTIFY refuses payloads of 8000 bytes or more. */
  static final int MAX_PAYLOAD_BYTES = 7000;

  private LotStateChannel() {}

  /** The payloads naming {@code lotIds}, comma separated, each under NOTIFY's limit; none for none. */
  public static List<String> payloads(Collection<String> lotIds) {
    List<String> payloads = new ArrayList<>();
    StringBuilder payload = new StringBuilder();
    int bytes = 0;
    for (String id : lotIds) {
      int idBytes = id.length(); // ASCII: catalogue rule
      if (bytes > 0 && bytes + 1 + idBytes > MAX_PAYLOAD_BYTES) {
        payloads.add(payload.toString());
        payload.setLength(0);
        bytes = 0;
      }
      if (bytes > 0) {
        payload.append(',');
        bytes++;
      }
      payload.append(id);
      bytes += idBytes;
    }
    if (bytes > 0) {
      payloads.add(payload.toString());
    }
    return payloads;
  }

  /** The lot ids a {@link #CHANGED} payload names (lot ids are ASCII without commas: catalogue rule). */
  public static List<String> lotIds(String payload) {
    return payload.isEmpty() ? List.of() : Arrays.asList(payload.split(","));
  }
}
