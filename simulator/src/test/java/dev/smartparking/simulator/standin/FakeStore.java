package dev.smartparking.simulator.standin;

import dev.smartparking.simulator.ledger.LedgerEntry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the stand-in platform has stored, as the server keeps it: accepted messages (one per
 * device and seq), rejected messages with their reason, the registry they are judged against.
 * Tests may damage it on purpose (lose a message, count one twice, …) to see verify notice.
 */
public final class FakeStore {

  /** An accepted message; for a status message the lot's snapshot at ts (lotId null for other topics). */
  public record Accepted(String device, long seq, long ts, String topic, String lotId, int total, int free, boolean closed) {}

  public record Rejection(Instant receivedAt, String device, String topic, int qos, String reason, String detail, byte[] payload) {
    public String payloadSha256() {
      return LedgerEntry.sha256(payload);
    }
  }

  /** A lot's state as the API reports it. */
  public record LotState(String lotId, int total, int free, boolean closed) {}

  private final List<Accepted> accepted = new ArrayList<>();
  private final List<Rejection> rejected = new ArrayList<>();
  private final Set<String> lots = new HashSet<>();
  private final Map<String, String> counting = new HashMap<>();
  private final Map<String, Set<String>> lotsOfDevice = new HashMap<>();
  private final Map<String, Integer> freeOverrides = new HashMap<>();

  /** Takes the registry from a catalogue document: lots, their counting, which device reports on which lot. */
  public synchronized void register(JsonObject catalogue) {
    for (JsonObject lot : FakeCityPlatform.objects(catalogue.getJsonArray("lots"))) {
      lots.add(lot.getString("id"));
      counting.put(lot.getString("id"), lot.getString("counting"));
    }
    for (JsonObject device : FakeCityPlatform.objects(catalogue.getJsonArray("devices"))) {
      Set<String> bound = new HashSet<>();
      JsonArray ids = device.getJsonArray("lots", new JsonArray());
      for (int i = 0; i < ids.size(); i++) {
        bound.add(ids.getString(i));
      }
      lotsOfDevice.put(device.getString("id"), bound);
    }
  }

  public synchronized boolean lotExists(String lotId) {
    return lots.contains(lotId);
  }

  public synchronized String counting(String lotId) {
    return counting.get(lotId);
  }

  public synchronized boolean reportsOn(String device, String lotId) {
    return lotsOfDevice.getOrDefault(device, Set.of()).contains(lotId);
  }

  public synchronized Set<String> lotIds() {
    return Set.copyOf(lots);
  }

  /** Stores an accepted message unless the device already sent this seq; whether it was new. */
  public synchronized boolean accept(Accepted message) {
    for (Accepted stored : accepted) {
      if (stored.device().equals(message.device()) && stored.seq() == message.seq()) {
        return false;
      }
    }
    accepted.add(message);
    return true;
  }

  public synchronized void reject(Rejection rejection) {
    rejected.add(rejection);
  }

  public synchronized List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  public synchronized List<Rejection> rejected() {
    return List.copyOf(rejected);
  }

  /** Each lot's newest snapshot by ts (a later arrival wins a tie, as the server's upsert does). */
  public synchronized Map<String, LotState> lotStates() {
    Map<String, Accepted> newest = new HashMap<>();
    for (Accepted message : accepted) {
      if (message.lotId() == null) {
        continue;
      }
      newest.merge(message.lotId(), message, (old, now) -> now.ts() >= old.ts() ? now : old);
    }
    Map<String, LotState> states = new HashMap<>();
    newest.forEach(
        (lot, m) -> states.put(lot, new LotState(lot, m.total(), freeOverrides.getOrDefault(lot, m.free()), m.closed())));
    return states;
  }

  // Damage on purpose, for the tests of verify.

  /** Forgets the device's newest accepted message, as a server that lost an acknowledged write would. */
  public synchronized Accepted loseNewest(String device) {
    for (int i = accepted.size() - 1; i >= 0; i--) {
      if (accepted.get(i).device().equals(device)) {
        return accepted.remove(i);
      }
    }
    throw new IllegalArgumentException("no accepted message of " + device);
  }

  /** Stores the device's newest accepted message a second time, as a server without duplicate detection would. */
  public synchronized void countNewestTwice(String device) {
    for (int i = accepted.size() - 1; i >= 0; i--) {
      if (accepted.get(i).device().equals(device)) {
        accepted.add(accepted.get(i));
        return;
      }
    }
    throw new IllegalArgumentException("no accepted message of " + device);
  }

  public synchronized void reportFree(String lotId, int free) {
    freeOverrides.put(lotId, free);
  }

  /** Removes the first stored rejection with this reason; returns it. */
  public synchronized Rejection forgetRejection(String reason) {
    for (int i = 0; i < rejected.size(); i++) {
      if (rejected.get(i).reason().equals(reason)) {
        return rejected.remove(i);
      }
    }
    throw new IllegalArgumentException("no rejection with reason " + reason);
  }

  /** Stores the first rejection with reason {@code from} under {@code to} instead; returns the original. */
  public synchronized Rejection relabelRejection(String from, String to) {
    for (int i = 0; i < rejected.size(); i++) {
      Rejection r = rejected.get(i);
      if (r.reason().equals(from)) {
        rejected.set(i, new Rejection(r.receivedAt(), r.device(), r.topic(), r.qos(), to, r.detail(), r.payload()));
        return r;
      }
    }
    throw new IllegalArgumentException("no rejection with reason " + from);
  }
}
