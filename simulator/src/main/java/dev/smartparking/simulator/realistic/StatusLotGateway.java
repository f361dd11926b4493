package dev.smartparking.simulator.realistic;

import dev.smartparking.simulator.device.PassagePayload;
import dev.smartparking.simulator.device.PublishPolicy;
import dev.smartparking.simulator.device.StatusPayload;
import dev.smartparking.simulator.ledger.LotTruth;
import java.time.LocalDateTime;

/**
 * A status-counted lot's gateway: a {@code passages} message per car through a gate, and {@code
 * status} snapshots of the true counts first thing, after a change (at most once per the policy's
 * interval) and as a heartbeat.
 *
 * <p>Every message states the lot's truth right after it, so that a snapshot and the passages
 * around it always agree.
 */
public final class StatusLotGateway extends LotGateway {

  private final PublishPolicy policy;
  private int lastSnapshotFree = -1;
  private long lastSnapshotMillis;

  public StatusLotGateway(LotModel model, DeviceLink link, PublishPolicy policy) {
    super(model, link);
    this.policy = policy;
  }

  @Override
  public void advance(LocalDateTime from, LocalDateTime to, long wallMillis) {
    // The server moves a lot's count with passages only once it has a snapshot: that comes first.
    if (lastSnapshotFree < 0) {
      snapshot(wallMillis);
    }
    String lotId = model.lot().id();
    for (LotEvent event : model.advance(from, to)) {
      long seq = link.nextSeq();
      long ts = link.nextTs(wallMillis);
      PassagePayload payload = new PassagePayload(seq, ts, event.in(), event.gate(), event.plate());
      link.send(
          new Outbound(TopicKind.PASSAGES, PassagePayload.topic(lotId), seq, ts, payload.bytes(), truth(event.free())));
    }
    int free = model.free();
    if (policy.due(false, free != lastSnapshotFree, wallMillis - lastSnapshotMillis)) {
      snapshot(wallMillis);
    }
  }

  private void snapshot(long wallMillis) {
    long seq = link.nextSeq();
    long ts = link.nextTs(wallMillis);
    int free = model.free();
    StatusPayload payload = new StatusPayload(seq, ts, model.capacity(), free);
    link.send(
        new Outbound(TopicKind.STATUS, StatusPayload.topic(model.lot().id()), seq, ts, payload.bytes(), truth(free)));
    lastSnapshotFree = free;
    lastSnapshotMillis = wallMillis;
  }

  private LotTruth truth(int free) {
    return new LotTruth(model.lot().id(), model.capacity(), free, false);
  }
}
