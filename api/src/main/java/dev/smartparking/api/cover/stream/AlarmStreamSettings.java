package dev.smartparking.api.cover.stream;

import java.time.Duration;

/**
 * How the alarm stream treats its subscribers. Not configuration keys: the defaults suit every
 * deployment; tests shorten them.
 *
 * @param heartbeat how often a comment line is sent on an idle stream, so proxies and load
 *     balancers that close quiet connections keep it (most wait 60 s or more)
 * @param maxQueuedBytes bytes of events a live subscriber may have waiting while its connection
 *     does not take them (beyond what the connection itself holds, see {@code SseConnection});
 *     past it, it is dropped (it resumes with Last-Event-ID from the database). Events are shared
 *     between subscribers, so a queue holds references, not copies. 512 KiB: about 1,000 events
 *     of ~500 bytes (an event's frame with its alarm), the 1,000 events it was bounded by before
 *     it counted bytes.
 * @param poll how often the feed looks for events without being woken: the safety net under
 *     LISTEN/NOTIFY, and the latest an event held back by an older transaction is sent once that
 *     one finishes
 */
public record AlarmStreamSettings(Duration heartbeat, int maxQueuedBytes, Duration poll) {

  public static final AlarmStreamSettings DEFAULT =
      new AlarmStreamSettings(Duration.ofSeconds(15), 512 * 1024, Duration.ofSeconds(1));
}
