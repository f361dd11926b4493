package dev.smartparking.simulator.load;

/** Which topics a load run publishes to. Only status so far; the other topics follow once load runs need them. */
public enum MessageMix {
  STATUS
}
