package dev.smartparking.simulator.device;

import dev.smartparking.simulator.city.Lot;

/**
 * A status-counting lot gateway: told its lot's free count, it publishes snapshots as its policy says.
 *
 * <p>Driven from a single thread; only {@link DeliveryStats} is touched from the MQTT client's threads.
 */
public final class LotGateway {

  private final String deviceId;
  private final Lot lot;
  private final String topic;
  private final DeviceConnection connection;
  private final SequenceNumbers seq;
  private final PublishPolicy policy;
  private final DeliveryStats stats;
  private int lastFree = -1;
  private long lastPublishMillis;

  public LotGateway(
      String deviceId,
      Lot lot,
      DeviceConnection connection,
      SequenceNumbers seq,
      PublishPolicy policy,
      DeliveryStats stats) {
    this.deviceId = deviceId;
    this.lot = lot;
    this.topic = StatusPayload.topic(lot.id());
    this.connection = connection;
    this.seq = seq;
    this.policy = policy;
    this.stats = stats;
  }

  public String deviceId() {
    return deviceId;
  }

  public Lot lot() {
    return lot;
  }

  public DeviceConnection connection() {
    return connection;
  }

  /** The free count last published, or -1 before the first snapshot. */
  public int lastPublishedFree() {
    return lastFree;
  }

  /**
   * Sees the lot's free count at wall-clock {@code nowMillis} and publishes if due.
   *
   * @return whether a snapshot was published
   */
  public boolean observe(int free, long nowMillis) {
    boolean never = lastFree < 0;
    if (!policy.due(never, free != lastFree, nowMillis - lastPublishMillis)) {
      return false;
    }
    // ts is the real wall clock: the server refuses anything more than 5 minutes ahead.
    StatusPayload payload = new StatusPayload(seq.next(), nowMillis, lot.capacity(), free);
    lastFree = free;
    lastPublishMillis = nowMillis;
    stats.sent();
    long start = System.nanoTime();
    connection.publish(topic, payload.bytes()).whenComplete((ok, error) -> stats.completed(start, error));
    return true;
  }
}
