package dev.smartparking.api.cover.stream;

import java.time.Duration;

/**
 * How the alarm stream treats its subscribers. Not configuration keys: the defaults suit every
 * deployment; tests shorten them.
 *
 * @param heartbeat how often a comment line is sent on an idle stream, so proxies and load
 *     balancers that close quiet connections keep it (most wait 60 s or more)
 * @param maxQueued events a live subscriber may have waiting while its connection does not take
 *     them; one more and it is dropped (it resumes with Last-Event-ID from the database). Events
 *     are shared between subscribers, so a queue holds references, not copies.
 * @param poll how often the feed looks for events without being woken: the safety net under
 *     LISTEN/NOTIFY, and the latest an event held back by an older transaction is sent once that
 *     one finishes
 */
public record AlarmStreamSettings(Duration heartbeat, int maxQueued, Duration poll) {

  public static final AlarmStreamSettings DEFAULT =
      new AlarmStreamSettings(Duration.ofSeconds(15), 1_000, Duration.ofSeconds(1));
}
