package dev.smartparking.simulator.flood;

import dev.smartparking.simulator.load.LoadTls;
import dev.smartparking.simulator.load.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts the flood's sockets on one event loop, paced to the rate (the schedule is kept from the
 * start, so a moment held back by the in-flight bound is caught up afterwards), never more than
 * the bound at once, for the duration; then waits for the last ones to settle.
 */
final class FloodRun implements AutoCloseable {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** How often the pacer starts the CONNECTs that fell due. */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final FloodSettings settings;
  private final InetSocketAddress target;
  private final String host;
  private final LoadTls tls;
  private final List<InetAddress> sources;
  private final FloodTally tally = new FloodTally();
  private final MultiThreadIoEventLoopGroup group;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final ConnectPacket packets;
  private final CountDownLatch done = new CountDownLatch(1);
  private ScheduledFuture<?> pacer;
  private long startNanos;
  private long stoppedStartingNanos;
  private long heldBack;
  private volatile long loopCpuNanos;
  private long loopCpuAtStart;

  /** With {@code tls} null, plain TCP; else TLS to {@code host} (the name the certificate must carry). */
  FloodRun(FloodSettings settings, String host, InetSocketAddress target, List<InetAddress> sources, Transport transport,
      LoadTls tls) {
    this.settings = settings;
    this.host = host;
    this.tls = tls;
    this.target = target;
    this.sources = List.copyOf(sources);
    this.group = new MultiThreadIoEventLoopGroup(1, transport.handlers());
    this.loop = group.next();
    this.packets = new ConnectPacket(settings.keepAliveSeconds(), settings.seed());
    this.bootstrap = transport.configure(new Bootstrap())
        .group(loop)
        .channel(transport.channelClass())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()));
  }

  FloodTally tally() {
    return tally;
  }

  /** Starts pacing; returns at once. */
  void start() {
    loop.execute(() -> {
      startNanos = System.nanoTime();
      loopCpuAtStart = THREADS.getCurrentThreadCpuTime();
      pacer = loop.scheduleAtFixedRate(this::tick, 0, TICK_NANOS, TimeUnit.NANOSECONDS);
    });
  }

  /** Waits until the duration is over and every socket settled, or {@code maxNanos} passed. */
  boolean await(long maxNanos) throws InterruptedException {
    return done.await(maxNanos, TimeUnit.NANOSECONDS);
  }

  /** Seconds from the first CONNECT to the last started. */
  double startingSeconds() {
    return Math.max(1e-9, (stoppedStartingNanos - startNanos) / 1e9);
  }

  /**
   * CPU the event loop's thread used from the first CONNECT until every socket settled (0 if they
   * did not): the flood's own work and its system calls, without the JIT compiler and the garbage
   * collector that the process's figure includes.
   */
  long loopCpuNanos() {
    return loopCpuNanos;
  }

  /** Ticks at which a CONNECT was due but the in-flight bound held it back. */
  long heldBack() {
    return heldBack;
  }

  private void tick() {
    long now = System.nanoTime();
    long elapsed = now - startNanos;
    if (elapsed >= settings.duration().toNanos()) {
      if (stoppedStartingNanos == 0) {
        stoppedStartingNanos = now;
      }
      if (tally.inFlight() == 0) {
        pacer.cancel(false);
        loopCpuNanos = THREADS.getCurrentThreadCpuTime() - loopCpuAtStart;
        done.countDown();
      }
      return;
    }
    long due = (long) (elapsed / 1e9 * settings.ratePerSecond());
    while (tally.started() < due) {
      if (tally.inFlight() >= settings.inFlight()) {
        heldBack++;
        return;
      }
      startOne();
    }
  }

  private void startOne() {
    FloodConnection connection = new FloodConnection(packets, tally, settings.timeout());
    long index = tally.started();
    InetAddress source = sources.get((int) (index % sources.size()));
    tally.launched();
    // As many TLS session slots as sockets may be in flight: each socket resumes a session of its own.
    int session = (int) (index % settings.inFlight());
    ChannelFuture connect = bootstrap.clone().handler(tls == null ? connection : new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel channel) {
        channel.pipeline().addLast(connection);
        tls.addTo(channel, host, session);
      }
    }).connect(target, new InetSocketAddress(source, 0));
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        connection.connectFailed();
      }
    });
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
