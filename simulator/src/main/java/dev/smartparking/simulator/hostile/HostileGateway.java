package dev.smartparking.simulator.hostile;

import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.device.DeviceConnection;
import dev.smartparking.simulator.device.SequenceNumbers;
import dev.smartparking.simulator.ledger.LotTruth;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * A status lot gateway in hostile mode: its connection, its seq counter, and the truth of its lot
 * as its valid snapshots have told it. Moved only by the traffic thread; {@code inFlight} is also
 * counted down from the MQTT client's threads, and {@code usable} read by the progress line's.
 */
final class HostileGateway {

  /** Chance that a snapshot reports the lot closed, so that closed-ness is checked too. */
  private static final double CLOSED_CHANCE = 0.05;

  final String deviceId;
  final Lot lot;
  final DeviceConnection connection;
  final SequenceNumbers seq;
  /** Another registered lot, whose topic this gateway may not publish to. */
  final String foreignLotId;
  final AtomicInteger inFlight = new AtomicInteger();
  private int free;
  private boolean closed;
  /** False once it lost its connection and could not get it back. */
  volatile boolean usable = true;

  HostileGateway(String deviceId, Lot lot, DeviceConnection connection, SequenceNumbers seq, String foreignLotId) {
    this.deviceId = deviceId;
    this.lot = lot;
    this.connection = connection;
    this.seq = seq;
    this.foreignLotId = foreignLotId;
    this.free = lot.capacity() / 2;
  }

  /** Moves the lot a few cars either way (now and then closed) and returns the new truth. */
  LotTruth move(RandomGenerator random) {
    free = Math.max(0, Math.min(lot.capacity(), free + random.nextInt(-3, 4)));
    closed = random.nextDouble() < CLOSED_CHANCE;
    return truth();
  }

  LotTruth truth() {
    return new LotTruth(lot.id(), lot.capacity(), free, closed);
  }

  HostilePayloads.Target target() {
    return new HostilePayloads.Target(lot.id(), lot.capacity(), free, foreignLotId);
  }
}
