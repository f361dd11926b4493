package dev.smartparking.api.sse;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Closes a connection at once, discarding what waits to be written. Vert.x's own close (also a
 * close of the Netty channel, which its handler intercepts) first writes and flushes an empty
 * buffer and closes only once that is written, which a client that stopped reading never lets
 * happen: its connection, and the events queued for it, would stay. Closing from Vert.x's handler
 * context goes past that handler, as Vert.x itself does for an idle connection. The one reach into
 * Vert.x internals here (ConnectionBase): a change in the library breaks the build or
 * {@code SlowStreamSubscriberTest} or {@code PushStreamApiTest}, not production silently.
 */
public final class ConnectionAbort {

  private ConnectionAbort() {}

  public static void abort(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      base.channelHandlerContext().close();
    } else {
      connection.close();
    }
  }
}
