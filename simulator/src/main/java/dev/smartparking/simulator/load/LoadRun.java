package dev.smartparking.simulator.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One process's part of a load run: opens its connections at the connect rate, publishes between
 * {@link #start} and {@link #stop}, drains, disconnects.
 */
final class LoadRun implements AutoCloseable {

  /** Acknowledgements are a few bytes; anything large from the server is a fault, not a message. */
  private static final int MAX_INBOUND_PACKET = 64 * 1024;

  private final LoadSettings settings;
  private final List<LoadDevice> devices;
  private final List<InetAddress> sources;
  private final LoadRecorder recorder;
  private final LoadTls tls;
  private final Transport transport = Transport.best();
  private final EventLoopGroup group;
  private final List<LoopDriver> drivers = new ArrayList<>();
  private final Bootstrap bootstrap;
  private final List<InetSocketAddress> targets;
  private final long seqBaseMillis = System.currentTimeMillis();
  private boolean closed;

  /** With {@code tls} null, connections are plain TCP. */
  LoadRun(LoadSettings settings, List<LoadDevice> devices, List<InetAddress> sources, LoadRecorder recorder,
      LoadTls tls) throws UnknownHostException {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("need at least one source address");
    }
    this.settings = settings;
    this.devices = List.copyOf(devices);
    this.sources = List.copyOf(sources);
    this.recorder = recorder;
    this.tls = tls;
    InetAddress server = LoopbackTarget.resolve(settings.host());
    this.targets = settings.ports().stream().map(port -> new InetSocketAddress(server, port)).toList();
    this.group = new MultiThreadIoEventLoopGroup(settings.threads(), transport.handlers());
    for (EventExecutor executor : group) {
      drivers.add(new LoopDriver((EventLoop) executor, settings.ratePerSecond() / settings.threads(), settings.keepAliveSeconds()));
    }
    this.bootstrap =
        transport
            .configure(new Bootstrap())
            .channel(transport.channelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            // Lets a source port still in TIME_WAIT from an earlier run be bound again.
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
  }

  String transportName() {
    return transport.name() + (tls == null ? "" : " over TLS");
  }

  /** What TLS did, for stderr; empty over plain TCP. */
  String tlsSummary() {
    return tls == null ? "" : tls.summary();
  }

  /** Opens every connection at the connect rate; returns once each attempt was accepted or failed. */
  void connectAll() throws InterruptedException {
    CountDownLatch settled = new CountDownLatch(devices.size());
    long start = System.nanoTime();
    double nanosPerConnect = 1e9 / settings.connectRatePerSecond();
    for (int i = 0; i < devices.size(); i++) {
      long wait = start + (long) (i * nanosPerConnect) - System.nanoTime();
      if (wait > 1_000_000) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      connect(i, settled::countDown);
    }
    settled.await();
  }

  private void connect(int index, Runnable settled) {
    LoopDriver driver = drivers.get(index % drivers.size());
    InetAddress source = sources.get(index % sources.size());
    LoadConnection connection =
        new LoadConnection(devices.get(index), settings, recorder, driver, seqBaseMillis, settled);
    InetSocketAddress target = targets.get(index % targets.size());
    bootstrap
        .clone(driver.loop())
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                channel.pipeline()
                    .addLast(
                        new AckDecoder(connection, MAX_INBOUND_PACKET),
                        new MqttDecoder(MAX_INBOUND_PACKET),
                        MqttEncoder.INSTANCE,
                        connection);
                if (tls != null) {
                  tls.addTo(channel, settings.host(), index);
                }
              }
            })
        .connect(target, new InetSocketAddress(source, 0))
        .addListener(
            done -> {
              if (!done.isSuccess()) {
                connection.connectFailed(done.cause());
              }
            });
  }

  void start() {
    onEveryLoop(LoopDriver::start);
  }

  /** Returns once no loop will publish any more. */
  void stop() {
    onEveryLoop(LoopDriver::stop);
  }

  /** Waits up to {@code timeout} for the acknowledgements still outstanding. */
  void drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (recorder.counts().inFlight(settings.qos()) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** Disconnects every connection (what is still unacknowledged then counts as such) and stops the loops. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onEveryLoop(LoopDriver::disconnectAll);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (recorder.counts().open() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private void onEveryLoop(Consumer<LoopDriver> step) {
    List<Future<?>> steps = new ArrayList<>();
    for (LoopDriver driver : drivers) {
      steps.add(driver.loop().submit(() -> step.accept(driver)));
    }
    steps.forEach(f -> f.awaitUninterruptibly());
  }
}
