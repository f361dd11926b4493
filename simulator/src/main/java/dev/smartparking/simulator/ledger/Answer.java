package dev.smartparking.simulator.ledger;

/** How the server answered one message the simulator sent. */
public enum Answer {
  /** PUBACK (QoS 1) or PUBCOMP (QoS 2) read, success or negative reason code alike. */
  ACKED,
  /** The connection it was meant for got a refusing CONNACK; nothing was published. */
  REFUSED,
  /** The server closed the connection after it, without an acknowledgement (an oversized packet). */
  CLOSED,
  /** Sent at QoS 1/2 but no acknowledgement came before the connection closed or the run ended. */
  UNANSWERED,
  /** Sent at QoS 0: nothing to wait for. */
  SENT_QOS0
}
