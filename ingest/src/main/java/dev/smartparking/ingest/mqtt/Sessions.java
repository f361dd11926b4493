package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.registry.DeviceRegistry;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live session of every device connected to this process, across event loops: a new CONNECT
 * takes over the old one, here or (through {@link SessionAnnouncements}) in another ingest process,
 * and a registry change that revokes a device closes its session. What outlives a connection is
 * kept by {@link PersistentSessions}.
 */
public final class Sessions {

  private final Map<String, DeviceSession> byDevice = new ConcurrentHashMap<>();
  private final DeviceRegistry registry;
  private final SessionAnnouncements announcements;
  private final PersistentSessions persistent;

  /**
   * Closes the sessions of the devices {@code registry} revokes; tells {@code announcements} of each
   * new one; keeps in {@code persistent} those the devices ask to keep.
   */
  public Sessions(DeviceRegistry registry, SessionAnnouncements announcements, PersistentSessions persistent) {
    this.registry = registry;
    this.announcements = announcements;
    this.persistent = persistent;
    registry.onRevoked(this::revoke);
    announcements.follow(this);
  }

  PersistentSessions persistent() {
    return persistent;
  }

  /** The session a CONNECT of {@code deviceId} opens ({@link PersistentSessions#open}). */
  Future<PersistentSessions.SessionState> open(MqttEndpoint endpoint, String deviceId) {
    return persistent.open(endpoint, deviceId, () -> {
      DeviceSession live = byDevice.get(deviceId);
      return live == null ? Set.of() : live.awaitingRelease();
    });
  }

  void register(DeviceSession session) {
    DeviceSession previous = byDevice.put(session.deviceId(), session);
    if (previous != null && previous != session) {
      previous.takenOver();
    }
    // Authenticated against the registry as it was: a reload swapped in since, whose revocations
    // went by before this session was here to be closed, is caught now.
    if (!registry.stillGrants(session.device())) {
      session.revoked();
      return;
    }
    announcements.opened(session);
  }

  void unregister(DeviceSession session) {
    byDevice.remove(session.deviceId(), session);
    announcements.closed(session);
  }

  private void revoke(Set<String> deviceIds) {
    for (String id : deviceIds) {
      DeviceSession session = byDevice.get(id);
      if (session != null) {
        session.revoked();
      }
    }
  }

  /** This process's announcement {@code number} of a session of {@code deviceId} went round. */
  void announced(String deviceId, long number) {
    DeviceSession session = byDevice.get(deviceId);
    if (session != null) {
      session.announcementArrived(number);
    }
  }

  /**
   * Another process accepted a session of {@code deviceId}. Notifications arrive in one order
   * everywhere, so ours is the older one only if its own announcement arrived before this;
   * otherwise the other process closes its session when ours arrives there.
   */
  void acceptedElsewhere(String deviceId) {
    DeviceSession session = byDevice.get(deviceId);
    if (session != null && session.announced()) {
      session.takenOver();
    }
  }

  int size() {
    return byDevice.size();
  }
}
