package dev.smartparking.api.push;

import java.time.Duration;

/**
 * How the pushed availability and lot streams treat their subscribers. Not configuration keys:
 * the defaults suit every deployment; tests change them.
 *
 * @param heartbeat how often a comment line is sent on a stream, for proxies that close quiet
 *     connections (as the alarm stream's)
 * @param maxQueuedBytes bytes of events a subscriber may have waiting while its connection does not
 *     take them (beyond what the connection itself holds, see {@code SseConnection}); past it, it
 *     is dropped (it reconnects with Last-Event-ID). More than the largest burst a client that
 *     reads may be sent at once: one read of the view may change thousands of lots, each an event
 *     of the lot stream of ~330 bytes (4 MiB: about 12,000 of them, as the 10,000 events it was
 *     bounded by before it counted bytes).
 * @param window the least time between two events of one district (or of the city summary):
 *     changes within it are coalesced, the newest state sent when it ends
 * @param ring availability events kept for resuming with Last-Event-ID; a client further behind
 *     gets the full current state instead
 */
public record PushSettings(Duration heartbeat, int maxQueuedBytes, Duration window, int ring) {

  public static final PushSettings DEFAULT =
      new PushSettings(Duration.ofSeconds(15), 4 * 1024 * 1024, Duration.ofMillis(250), 4_096);
}
