package dev.smartparking.api.push;

import java.time.Duration;

/**
 * How the pushed availability and lot streams treat their subscribers. Not configuration keys:
 * the defaults suit every deployment; tests change them.
 *
 * @param heartbeat how often a comment line is sent on a stream, for proxies that close quiet
 *     connections (as the alarm stream's)
 * @param maxQueued events a subscriber may have waiting while its connection does not take them;
 *     one more and it is dropped (it reconnects with Last-Event-ID). Frames are shared between
 *     subscribers, so a queue holds references, not copies. More than the alarm stream's 1,000: one
 *     read of the view may change thousands of lots at once, each an event of the lot stream
 *     (~330 bytes: at most ~3.3 MB held for a stalled client).
 * @param window the least time between two events of one district (or of the city summary):
 *     changes within it are coalesced, the newest state sent when it ends
 * @param ring availability events kept for resuming with Last-Event-ID; a client further behind
 *     gets the full current state instead
 */
public record PushSettings(Duration heartbeat, int maxQueued, Duration window, int ring) {

  public static final PushSettings DEFAULT =
      new PushSettings(Duration.ofSeconds(15), 10_000, Duration.ofMillis(250), 4_096);
}
