package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Decodes a {@code bays} payload: 1 to 500 changes, each of a bay registered for the lot, none twice. */
public final class BaysDecoder {

  private static final Set<String> FIELDS = Set.of("seq", "ts", "bays");
  static final int MAX_CHANGES = 500;

  private BaysDecoder() {}

  public static BaysReport decode(Inbound inbound, String lotId, Set<String> registeredBays, ClockRule clock) {
    PayloadFields fields = PayloadFields.parse(inbound.payload(), FIELDS);
    MessageHeader header = MessageHeader.read(fields);
    List<PayloadFields> items = fields.objects("bays", 1, MAX_CHANGES);
    List<BaysReport.Change> changes = new ArrayList<>(items.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      PayloadFields item = items.get(i);
      String bay = item.text("bay", 64);
      if (!seen.add(bay)) {
        throw PayloadFields.invalid("bays[" + i + "].bay: '" + bay + "' appears twice in one message");
      }
      if (!registeredBays.contains(bay)) {
        throw new DeviceFault(Outcome.UNKNOWN_ENTITY, "bays[" + i + "].bay: '" + bay + "' is not a bay of lot "
            + lotId);
      }
      boolean occupied = item.bool("occupied");
      Long itemTs = item.optionalInteger("ts", 0, Long.MAX_VALUE);
      changes.add(new BaysReport.Change(bay, occupied, itemTs == null ? header.tsMillis() : itemTs));
    }
    // the clock last, once every field is known to be right (docs/protocol.md)
    header.checkClock(clock, inbound);
    for (int i = 0; i < changes.size(); i++) {
      clock.check("bays[" + i + "].ts", changes.get(i).observedAtMillis(), inbound.receivedAtMillis());
    }
    return new BaysReport(inbound.deviceId(), header.seq(), header.tsMillis(), lotId, List.copyOf(changes),
        inbound.receivedAtMillis());
  }
}
