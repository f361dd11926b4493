package dev.smartparking.simulator.flood;

import dev.smartparking.simulator.ReportOption;
import dev.smartparking.simulator.load.LoadTls;
import dev.smartparking.simulator.load.LoopbackTarget;
import dev.smartparking.simulator.load.ProcessCpu;
import dev.smartparking.simulator.load.SourceAddresses;
import dev.smartparking.simulator.load.TlsOptions;
import dev.smartparking.simulator.load.Transport;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code flood}: MQTT 3.1.1 CONNECTs with random unknown ids at a set rate, each answer counted. */
@Command(
    name = "flood",
    mixinStandardHelpOptions = true,
    description = {
      "Open sockets to an MQTT server on this machine at --rate a second for --duration, each sending one"
          + " MQTT 3.1.1 CONNECT with a random client id, user name and password, reading its CONNACK and closing."
          + " At most --in-flight sockets wait for their CONNACK at once. Prints a progress line every second"
          + " to stderr, then the generator's own CPU per CONNECT, and a JSON report (stdout, or --report).",
      "Only loopback servers and source addresses are accepted."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every CONNECT was answered with a CONNACK",
      "2:bad usage",
      "4:some CONNECTs got no CONNACK (connect failed, closed, timed out or answered otherwise)"
    })
public final class FloodCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "MQTT server, loopback only (default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "1883", description = "MQTT port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--rate", defaultValue = "5000", description = "CONNECTs a second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "20s", description = "How long to start new CONNECTs, e.g. 20s (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--in-flight", defaultValue = "1000", description = "Sockets waiting for their CONNACK at most (default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(
      names = "--timeout",
      defaultValue = "15s",
      description = "For the TCP connect and again for the CONNACK; past it the CONNECT counts as timed out (default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--keep-alive", defaultValue = "60s", description = "The keep-alive the CONNECTs announce (default ${DEFAULT-VALUE}).")
  Duration keepAlive;

  @Option(
      names = "--source-addresses",
      defaultValue = "4",
      description = "Loopback addresses to connect from, taken in turn: a count (127.0.0.2 upwards), a range"
          + " 127.0.0.2-127.0.0.9, or a list (default ${DEFAULT-VALUE}: 100,000 sockets closing within a minute"
          + " would use up one address's ephemeral ports).")
  String sourceAddresses;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random ids and passwords (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin TlsOptions tlsOptions;

  @Mixin ReportOption report;

  @Override
  public Integer call() throws Exception {
    FloodSettings settings;
    List<InetAddress> sources;
    InetSocketAddress target;
    LoadTls tls;
    try {
      if (tlsOptions.problem() != null) {
        throw new IllegalArgumentException(tlsOptions.problem());
      }
      tls = tlsOptions.create(timeout);
      settings = new FloodSettings(rate, duration, inFlight, timeout, (int) keepAlive.toSeconds(), seed);
      sources = SourceAddresses.parse(sourceAddresses);
      target = new InetSocketAddress(LoopbackTarget.resolve(host), port);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    Transport transport = Transport.best();
    err.printf(Locale.ROOT, "flooding %s with %,.0f CONNECTs/s for %ds (%s%s, %d source addresses, at most %,d in flight)%n",
        target, rate, duration.toSeconds(), transport.name(), tls == null ? "" : " over TLS", sources.size(), inFlight);
    err.flush();
    try (FloodRun run = new FloodRun(settings, host, target, sources, transport, tls)) {
      FloodProgressLine progress = new FloodProgressLine(run.tally(), inFlight);
      long cpuAtStart = ProcessCpu.nanos();
      long start = System.nanoTime();
      run.start();
      long limit = start + duration.toNanos() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
      boolean settled = false;
      while (!settled && System.nanoTime() < limit) {
        settled = run.await(TimeUnit.SECONDS.toNanos(1));
        err.println(progress.next(System.nanoTime() - start));
        err.flush();
      }
      long cpu = ProcessCpu.nanos() - cpuAtStart;
      JsonObject json = FloodReport.of(settings, run, cpu, settled);
      if (tls != null) {
        json.put("tls", new JsonObject().put("handshakes", tls.handshakes()).put("resumed", tls.resumed()));
        err.println(tls.summary());
      }
      err.println(FloodReport.cpuLine(json));
      err.flush();
      report.write(json);
      return settled && run.tally().unanswered() == 0 ? 0 : 4;
    }
  }
}
