package dev.smartparking.ingest.mqtt;

import dev.smartparking.ingest.IngestMetrics;
import io.vertx.core.net.NetSocket;

/**
 * Stops and restarts reading one device's socket, for back-pressure: while paused, Netty reads
 * nothing more from the connection and the device's TCP window fills, so it slows down instead of
 * the server buffering for it. Reads are paused for two reasons, either enough: the connection has
 * as many messages in flight as it may, or the storage writer is behind; and for good once the
 * server is closing the connection, until it has said so and reads only to see the device close.
 */
final class SocketReads {

  private final NetSocket socket;
  private final IngestMetrics metrics;
  private boolean inFlightFull;
  private boolean storageBehind;
  private boolean stopped;
  private boolean discarding;
  private boolean paused;
  private boolean closed;

  SocketReads(NetSocket socket, IngestMetrics metrics) {
    this.socket = socket;
    this.metrics = metrics;
  }

  void inFlightFull(boolean full) {
    inFlightFull = full;
    update();
  }

  void storageBehind(boolean behind) {
    storageBehind = behind;
    update();
  }

  /**
   * The server is closing the connection: nothing more of it is to be handled. Packets the device
   * sent before it learns of the close stay unread, instead of each reaching vertx-mqtt's endpoint
   * after it stopped counting as connected (which it refuses with an exception apiece).
   */
  void stop() {
    stopped = true;
    update();
  }

  /**
   * The device has been told to go (MQTT 5 DISCONNECT): read again, whatever holds reads back, so
   * that its close is seen and closing our end sends no TCP reset over unread data (which would
   * make the device's kernel drop the DISCONNECT). What is read now is not handled.
   */
  void discard() {
    discarding = true;
    update();
  }

  /**
   * The connection is gone: it no longer counts as paused, and writes that complete after the
   * close (its messages still in flight) must not count it again.
   */
  void closed() {
    closed = true;
    if (paused) {
      paused = false;
      metrics.connectionPaused(false);
    }
  }

  private void update() {
    boolean pause = !closed && !discarding && (stopped || inFlightFull || storageBehind);
    if (pause == paused) {
      return;
    }
    paused = pause;
    metrics.connectionPaused(pause);
    if (pause) {
      socket.pause();
    } else {
      socket.resume();
    }
  }
}
