package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.device.BaysPayload;
import dev.smartparking.simulator.device.BaysPayload.BayChange;
import dev.smartparking.simulator.ledger.LotTruth;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A bay-counted lot's gateway: first a report of every bay (in messages of at most 500), then each
 * step's changes as {@code bays} messages.
 *
 * <p>The server counts only bays that have reported, so the truth after each message of the first
 * report covers the bays reported so far. A bay that changes twice within one step goes into a second
 * message, since a message may name a bay only once.
 */
public final class BayLotGateway extends LotGateway {

  private boolean reported;

  public BayLotGateway(LotModel model, DeviceLink link) {
    super(model, link);
  }

  @Override
  public void advance(LocalDateTime from, LocalDateTime to, long wallMillis) {
    if (!reported) {
      reportEveryBay(wallMillis);
      reported = true;
    }
    List<BayChange> changes = new ArrayList<>();
    Set<String> named = new HashSet<>();
    int freeAfter = model.free();
    for (LotEvent event : model.advance(from, to)) {
      if (named.contains(event.bay()) || changes.size() == BaysPayload.MAX_CHANGES) {
        send(changes, wallMillis, new LotTruth(model.lot().id(), model.capacity(), freeAfter, false));
        changes = new ArrayList<>();
        named.clear();
      }
      changes.add(new BayChange(event.bay(), event.in()));
      named.add(event.bay());
      freeAfter = event.free();
    }
    if (!changes.isEmpty()) {
      send(changes, wallMillis, new LotTruth(model.lot().id(), model.capacity(), freeAfter, false));
    }
  }

  private void reportEveryBay(long wallMillis) {
    List<String> bays = model.lot().bays();
    int free = 0;
    for (int start = 0; start < bays.size(); start += BaysPayload.MAX_CHANGES) {
      List<BayChange> changes = new ArrayList<>();
      for (String bay : bays.subList(start, Math.min(bays.size(), start + BaysPayload.MAX_CHANGES))) {
        boolean occupied = model.isOccupied(bay);
        changes.add(new BayChange(bay, occupied));
        free += occupied ? 0 : 1;
      }
      int reportedSoFar = start + changes.size();
      send(changes, wallMillis, new LotTruth(model.lot().id(), reportedSoFar, free, false));
    }
  }

  private void send(List<BayChange> changes, long wallMillis, LotTruth truth) {
    long seq = link.nextSeq();
    long ts = link.nextTs(wallMillis);
    BaysPayload payload = new BaysPayload(seq, ts, changes);
    link.send(new Outbound(TopicKind.BAYS, BaysPayload.topic(model.lot().id()), seq, ts, payload.bytes(), truth));
  }
}
