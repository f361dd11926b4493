package dev.smartparking.simulator.load;

import io.vertx.core.json.JsonObject;

/**
 * Counters of one or more load processes since they started.
 *
 * @param acknowledged PUBACKs (QoS 1) or PUBCOMPs (QoS 2), negative MQTT 5 ones included
 * @param rejected the acknowledgements with an MQTT 5 reason code of 0x80 or above
 * @param received QoS 2 PUBRECs
 * @param unacknowledged messages whose connection closed or was lost before their acknowledgement
 * @param connected CONNACKs that accepted the connection
 * @param connectFailures attempts that got no accepting CONNACK: refused, timed out, TCP failure
 * @param connectionsLost accepted connections that closed before the run ended them
 * @param protocolErrors anything else wrong: undecodable packets, acknowledgements of unknown ids
 * @param open connections open at the snapshot (a gauge, not a counter)
 * @param target connections the processes were asked to open
 * @param cpuNanos CPU time the processes used so far, all threads
 */
public record LoadCounts(
    long sent,
    long acknowledged,
    long rejected,
    long received,
    long unacknowledged,
    long connected,
    long connectFailures,
    long connectionsLost,
    long protocolErrors,
    long open,
    long target,
    long cpuNanos) {

  public static final LoadCounts ZERO = new LoadCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  public LoadCounts plus(LoadCounts o) {
    return new LoadCounts(
        sent + o.sent,
        acknowledged + o.acknowledged,
        rejected + o.rejected,
        received + o.received,
        unacknowledged + o.unacknowledged,
        connected + o.connected,
        connectFailures + o.connectFailures,
        connectionsLost + o.connectionsLost,
        protocolErrors + o.protocolErrors,
        open + o.open,
        target + o.target,
        cpuNanos + o.cpuNanos);
  }

  /** Everything that went wrong with connections or packets; what the progress line calls errors. */
  public long errors() {
    return connectFailures + connectionsLost + protocolErrors;
  }

  /** Sent at QoS 1 or 2 and still waiting for the acknowledgement. */
  public long inFlight(int qos) {
    return qos == 0 ? 0 : Math.max(0, sent - acknowledged - unacknowledged);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("sent", sent)
        .put("acknowledged", acknowledged)
        .put("rejected", rejected)
        .put("received", received)
        .put("unacknowledged", unacknowledged)
        .put("connected", connected)
        .put("connect_failures", connectFailures)
        .put("connections_lost", connectionsLost)
        .put("protocol_errors", protocolErrors)
        .put("open", open)
        .put("target", target)
        .put("cpu_nanos", cpuNanos);
  }

  static LoadCounts fromJson(JsonObject json) {
    return new LoadCounts(
        json.getLong("sent"),
        json.getLong("acknowledged"),
        json.getLong("rejected"),
        json.getLong("received"),
        json.getLong("unacknowledged"),
        json.getLong("connected"),
        json.getLong("connect_failures"),
        json.getLong("connections_lost"),
        json.getLong("protocol_errors"),
        json.getLong("open"),
        json.getLong("target"),
        json.getLong("cpu_nanos"));
  }
}
