package dev.smartparking.simulator.realistic;

import java.time.LocalDateTime;

/** A device of the city that moves with simulated time and publishes what it sees. */
public interface SimulatedDevice {

  DeviceLink link();

  /** Whether its uplink can fail: gateways on mobile links can, battery sensors that wake to send do not. */
  boolean dropsOut();

  /** Moves from {@code from} to {@code to} in simulated time and publishes, stamped {@code wallMillis}. */
  void advance(LocalDateTime from, LocalDateTime to, long wallMillis);
}
