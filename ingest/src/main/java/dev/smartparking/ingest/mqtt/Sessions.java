package dev.smartparking.ingest.mqtt;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live session of every connected device, across event loops, so a new CONNECT takes over the old one. */
final class Sessions {

  private final Map<String, DeviceSession> byDevice = new ConcurrentHashMap<>();

  void register(DeviceSession session) {
    DeviceSession previous = byDevice.put(session.deviceId(), session);
    if (previous != null && previous != session) {
      previous.takenOver();
    }
  }

  void unregister(DeviceSession session) {
    byDevice.remove(session.deviceId(), session);
  }

  int size() {
    return byDevice.size();
  }
}
