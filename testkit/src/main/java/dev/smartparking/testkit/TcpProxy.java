package dev.smartparking.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy a test can cut and restore, to take one server's storage away without
 * disturbing the other tests that share the same PostgreSQL.
 *
 * <p>Cut: every proxied connection is closed and the port stops accepting (connects are refused),
 * as when the database host goes away. Restore: the same port accepts again.
 *
 * <p>As a stand-in for a balancer, it can open every upstream connection with a PROXY protocol v2
 * header naming a client address of the test's choosing, as HAProxy's {@code send-proxy-v2} does.
 */
public final class TcpProxy implements AutoCloseable {

  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final int port;
  private final byte[] preamble;
  private volatile ServerSocket listener;

  private TcpProxy(String targetHost, int targetPort, byte[] preamble) {
    this.target = new InetSocketAddress(targetHost, targetPort);
    this.preamble = preamble;
    this.listener = listen(0);
    this.port = listener.getLocalPort();
  }

  /** Starts forwarding a free loopback port to the target. */
  public static TcpProxy to(String targetHost, int targetPort) {
    return new TcpProxy(targetHost, targetPort, new byte[0]);
  }

  /** Forwards like {@link #to}, each connection announced as coming from {@code client} (IPv4). */
  public static TcpProxy announcing(String targetHost, int targetPort, InetSocketAddress client) {
    return new TcpProxy(targetHost, targetPort, proxyV2Header(client, new InetSocketAddress(targetHost, targetPort)));
  }

  /** PROXY protocol v2: signature, version 2 + PROXY, TCP over IPv4, 12 address bytes. */
  static byte[] proxyV2Header(InetSocketAddress source, InetSocketAddress destination) {
    ByteBuffer header = ByteBuffer.allocate(28);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21).put((byte) 0x11).putShort((short) 12);
    header.put(source.getAddress().getAddress()).put(destination.getAddress().getAddress());
    header.putShort((short) source.getPort()).putShort((short) destination.getPort());
    return header.array();
  }

  public int port() {
    return port;
  }

  public synchronized void cut() {
    closeQuietly(listener);
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  public synchronized void restore() {
    if (listener.isClosed()) {
      listener = listen(port);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private ServerSocket listen(int onPort) {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
      Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept-" + server.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback port " + onPort, e);
    }
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(target, 5_000);
        upstream.getOutputStream().write(preamble);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // The listener was closed by cut(), or one connect failed: the next accept decides.
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
        }
      } catch (IOException e) {
        // Either side closed, or cut() closed both: end this direction.
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing for a cut: nothing to do with a failure to close.
    }
  }
}
