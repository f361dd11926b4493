package dev.smartparking.simulator.load;

/** Why a process reported its figures: the once-a-second tick, or a step of the run. */
public enum Mark {
  TICK,
  /** Every connection attempt has ended, accepted or not. */
  CONNECTED,
  STARTED,
  STOPPED,
  /** Drained and disconnected: the process's last figures. */
  FINAL
}
