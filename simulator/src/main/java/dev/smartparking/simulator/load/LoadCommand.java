package dev.smartparking.simulator.load;

import dev.smartparking.simulator.Main;
import dev.smartparking.simulator.ReportOption;
import dev.smartparking.simulator.catalogue.CatalogueJson;
import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.device.MqttVersion;
import dev.smartparking.simulator.http.ApiFailure;
import dev.smartparking.simulator.provision.CatalogueProvisioner;
import dev.smartparking.simulator.provision.ProvisioningReceipt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code load}: K device connections publishing as fast as acknowledged or at a set rate, with live and final figures. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Open many device connections to an MQTT server on this machine and publish status messages,"
          + " as fast as acknowledgements allow or at a target rate. Prints a progress line every second"
          + " to stderr and a JSON report at the end (stdout, or --report).",
      "Connects every device first (at --connect-rate), then publishes for --duration, then waits"
          + " up to --drain-timeout for outstanding acknowledgements. More connections than one process"
          + " may hold (open-files limit) are spread over child processes automatically.",
      "Only loopback servers and source addresses are accepted."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every connection opened and every message acknowledged",
      "2:bad usage",
      "3:provisioning failed",
      "4:a connection could not be opened or was lost",
      "5:a message was not acknowledged, was rejected, or a packet made no sense",
      "6:a child process failed"
    })
public final class LoadCommand implements Callable<Integer> {

  /** File descriptors a process keeps for itself besides its connections: jars, epoll, pipes, logs. */
  static final int RESERVED_FILES = 300;

  @Spec CommandSpec spec;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "MQTT server, loopback only (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "1883",
      split = ",",
      description = "MQTT port, or several (1884,1885) that connections take in turn (default ${DEFAULT-VALUE}).")
  List<Integer> ports;

  @Option(names = "--mqtt-version", defaultValue = "5", description = "3.1.1 or 5 (default ${DEFAULT-VALUE}).")
  MqttVersion version;

  @Option(names = "--qos", defaultValue = "1", description = "0, 1 or 2 (default ${DEFAULT-VALUE}). Latency is measured to PUBACK, at QoS 2 to PUBCOMP (and PUBREC).")
  int qos;

  @Option(names = "--connections", defaultValue = "100", description = "Device connections to open (default ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--window",
      defaultValue = "20",
      description = "Messages in flight per connection at QoS 1/2; at QoS 0, messages per write (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--batch",
      description = "QoS 1/2: top a connection's window up once this many messages are acknowledged, in one write;"
          + " 1 writes after every acknowledgement (more system calls per message). Default: a quarter of --window.")
  Integer batch;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Messages per second over all connections; 0: as fast as --window and the acknowledgements allow (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--duration", defaultValue = "30s", description = "How long to publish once connected, e.g. 20s, 2m (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--connect-rate", defaultValue = "2000", description = "New connections per second over all processes (default ${DEFAULT-VALUE}).")
  double connectRate;

  @Option(names = "--connect-timeout", defaultValue = "15s", description = "For the TCP connect, and again for the CONNACK (default ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(names = "--drain-timeout", defaultValue = "10s", description = "How long to wait for outstanding acknowledgements after publishing (default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(names = "--keep-alive", defaultValue = "60s", description = "MQTT keep-alive; idle connections ping at half of it (default ${DEFAULT-VALUE}).")
  Duration keepAlive;

  @Option(names = "--threads", defaultValue = "1", description = "Event-loop threads per process (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--processes",
      defaultValue = "0",
      description = "Processes to spread the connections over; 0: as few as the open-files limit allows (default ${DEFAULT-VALUE}).")
  int processes;

  @Option(
      names = "--source-addresses",
      description = "Loopback addresses to connect from: a count (127.0.0.2 upwards), a range 127.0.0.2-127.0.0.9, or a list."
          + " Default: one per 20,000 connections and at least one per process.")
  String sourceAddresses;

  @Option(
      names = "--mix",
      defaultValue = "status",
      description = "Topics to publish: 'status', or 'status+telemetry' (a share of the connections are cover sensors; default ${DEFAULT-VALUE}).")
  String mix;

  @Option(
      names = "--telemetry-share",
      defaultValue = "0.2",
      description = "With status+telemetry: the share of connections that are cover sensors (default ${DEFAULT-VALUE}).")
  double telemetryShare;

  @Option(
      names = "--alarm-share",
      defaultValue = "0.05",
      description = "With status+telemetry: the share of readings past one alarm threshold (default ${DEFAULT-VALUE}).")
  double alarmShare;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated devices, lots and secrets (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--api", description = "Provision the generated devices through this API first (needs --admin-token).")
  String api;

  @Option(names = "--admin-token", description = "Bearer token with the admin role, for --api.")
  String adminToken;

  @Option(
      names = "--username",
      description = "One login for every connection (a plain broker such as Mosquitto). Default: each device logs in as itself with its seeded secret.")
  String username;

  @Option(names = "--password", description = "Password for --username.")
  String password;

  @Mixin TlsOptions tls;

  @Mixin ReportOption report;

  @Option(names = "--slice", hidden = true, description = "Internal: run slice i/n of the devices, reporting to a parent process.")
  String slice;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter err = spec.commandLine().getErr();
    int processCount = processCount();
    List<InetAddress> sources = sources(processCount);
    LoadSettings settings = settings();
    // The devices are derived from the seed: a parent of several processes needs them only to provision.
    boolean needsDevices = slice != null || processCount == 1 || api != null;
    City city = needsDevices ? LoadCity.generate(connections, seed, settings.mix()) : null;
    List<LoadDevice> devices = needsDevices ? LoadCity.devices(city) : List.of();

    if (slice != null) {
      return runSlice(Slice.parse(slice), settings, devices, sources);
    }

    if (api != null) {
      ProvisioningReceipt receipt;
      try {
        receipt = new CatalogueProvisioner(api, adminToken).provision(CatalogueJson.of(city));
      } catch (ApiFailure failure) {
        err.println("provisioning failed: " + failure.describe());
        return LoadExit.PROVISIONING_FAILED.code();
      }
      if (!receipt.issuedSecrets().isEmpty()) {
        if (processCount > 1) {
          err.println("the server issued its own secrets; a multi-process run needs the seeded ones");
          return LoadExit.PROVISIONING_FAILED.code();
        }
        devices = withSecrets(devices, receipt.issuedSecrets());
      }
      err.println("provisioned " + receipt.counts().summary());
    }

    LoadTotals totals = new LoadTotals(processCount);
    Supplier<String> tlsSummary = () -> "";
    String transport;
    LoadSession.Timings timings;
    Workers workers;
    if (processCount == 1) {
      LoadRecorder recorder = new LoadRecorder(devices.size());
      LoadRun run = new LoadRun(settings, devices, sources, recorder, loadTls());
      transport = run.transportName();
      workers = new LocalWorker(run, recorder, drainTimeout, f -> totals.accept(0, f));
      tlsSummary = run::tlsSummary;
    } else {
      transport = Transport.best().name();
      List<List<String>> commandLines = new ArrayList<>();
      for (int i = 0; i < processCount; i++) {
        commandLines.add(childCommand(new Slice(i, processCount), sources));
      }
      long finishMillis = drainTimeout.toMillis() + 30_000;
      workers = new ChildWorkers(commandLines, totals, finishMillis);
    }
    err.printf(
        "load: %,d connections to %s port %s over %d process(es), %d source address(es), %s%n",
        connections, host, ports.stream().map(String::valueOf).collect(Collectors.joining(",")), processCount, sources.size(), transport);
    try (Workers closing = workers) {
      timings = new LoadSession(workers, totals, err, duration, connections).run();
    }
    if (!tlsSummary.get().isEmpty()) {
      err.println(tlsSummary.get());
    }

    LoadReport result =
        new LoadReport(
            commandText(),
            settings,
            settings.mix(),
            connections,
            processCount,
            sources.stream().map(InetAddress::getHostAddress).toList(),
            transport,
            timings.connectSeconds(),
            timings.publishSeconds(),
            totals.latest(),
            totals.atStart(),
            totals.atStop(),
            totals.ackRun(),
            totals.receivedRun(),
            totals.errorsByKind(),
            totals.processFailures(),
            totals.firstProblem());
    report.write(result.toJson());
    return LoadExit.of(result).code();
  }

  private int runSlice(Slice mine, LoadSettings settings, List<LoadDevice> devices, List<InetAddress> sources)
      throws IOException {
    List<LoadDevice> share = mine.of(devices);
    LoadRecorder recorder = new LoadRecorder(share.size());
    LoadRun run =
        new LoadRun(settings.forShare((double) share.size() / devices.size()), share, mine.addresses(sources), recorder,
            loadTls());
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    SliceRunner.run(run, recorder, settings, commands, spec.commandLine().getOut());
    return LoadExit.SUCCESS.code();
  }

  private void validate() {
    if (connections < 1) {
      throw usage("--connections must be >= 1");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw usage("--duration must be positive");
    }
    if (api != null && adminToken == null) {
      throw usage("--api needs --admin-token");
    }
    if (api != null && username != null) {
      throw usage("--api provisions devices that log in as themselves; leave out --username");
    }
    if (password != null && username == null) {
      throw usage("--password needs --username");
    }
    if (processes < 0) {
      throw usage("--processes must be >= 0");
    }
    if (processes > connections) {
      throw usage("--processes must not exceed --connections");
    }
    try {
      MessageMix.parse(mix, telemetryShare, alarmShare).coverSensors(connections);
    } catch (IllegalArgumentException e) {
      throw usage("--mix: " + e.getMessage());
    }
    if (tls.problem() != null) {
      throw usage(tls.problem());
    }
    try {
      LoopbackTarget.resolve(host);
      loadTls();
      settings();
    } catch (IllegalArgumentException | IOException e) {
      throw usage(e.getMessage());
    }
  }

  /** Null over plain TCP. */
  private LoadTls loadTls() throws IOException {
    return tls.create(connectTimeout);
  }

  private LoadSettings settings() {
    return new LoadSettings(
        host,
        ports,
        version,
        qos,
        window,
        batch == null ? Math.max(1, window / 4) : batch,
        rate,
        connectRate,
        connectTimeout,
        drainTimeout,
        (int) Math.min(65_535, keepAlive.toSeconds()),
        threads,
        username,
        password,
        MessageMix.parse(mix, telemetryShare, alarmShare));
  }

  /** As asked, or as few as hold the connections under this process's open-files limit. */
  private int processCount() {
    long perProcess = SystemLimits.openFiles() - RESERVED_FILES;
    if (perProcess < 1) {
      throw usage("the open-files limit (" + SystemLimits.openFiles() + ") leaves no room for connections");
    }
    int needed = (int) ((connections + perProcess - 1) / perProcess);
    if (processes == 0) {
      return needed;
    }
    if (processes < needed) {
      throw usage(
          "%,d connections need at least %d processes: each holds at most %,d (open-files limit %,d)"
              .formatted(connections, needed, perProcess, SystemLimits.openFiles()));
    }
    return processes;
  }

  private List<InetAddress> sources(int processCount) {
    List<InetAddress> addresses;
    try {
      addresses =
          sourceAddresses == null
              ? SourceAddresses.defaultFor(connections, processCount)
              : SourceAddresses.parse(sourceAddresses);
    } catch (IllegalArgumentException e) {
      throw usage("--source-addresses: " + e.getMessage());
    }
    long ports = SystemLimits.ephemeralPorts();
    if ((long) addresses.size() * ports < connections) {
      throw usage(
          "%,d connections need more source addresses: each has %,d ephemeral ports".formatted(connections, ports));
    }
    return addresses;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static List<LoadDevice> withSecrets(List<LoadDevice> devices, Map<String, String> issued) {
    return devices.stream()
        .map(d -> issued.containsKey(d.id()) ? d.withSecret(issued.get(d.id())) : d)
        .toList();
  }

  /** This command again for one slice, every setting spelled out so the child needs nothing else. */
  private List<String> childCommand(Slice childSlice, List<InetAddress> sources) {
    List<String> command = new ArrayList<>(ChildWorkers.javaCommand());
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "load",
            "--slice", childSlice.toString(),
            "--processes", Integer.toString(childSlice.count()),
            "--source-addresses", sources.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",")),
            "--host", host,
            "--port", ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
            "--mqtt-version", version.label(),
            "--qos", Integer.toString(qos),
            "--connections", Integer.toString(connections),
            "--window", Integer.toString(window),
            "--batch", Integer.toString(settings().batch()),
            "--rate", Double.toString(rate),
            "--duration", duration.toMillis() + "ms",
            "--connect-rate", Double.toString(connectRate),
            "--connect-timeout", connectTimeout.toMillis() + "ms",
            "--drain-timeout", drainTimeout.toMillis() + "ms",
            "--keep-alive", keepAlive.toMillis() + "ms",
            "--threads", Integer.toString(threads),
            "--mix", mix,
            "--telemetry-share", Double.toString(telemetryShare),
            "--alarm-share", Double.toString(alarmShare),
            "--seed", Long.toString(seed)));
    if (username != null) {
      command.addAll(List.of("--username", username));
    }
    if (password != null) {
      command.addAll(List.of("--password", password));
    }
    command.addAll(tls.arguments());
    return command;
  }

  /** The command line for the report, with secrets blanked out. */
  private String commandText() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    List<String> shown = new ArrayList<>();
    boolean hideNext = false;
    for (String arg : args) {
      if (hideNext) {
        shown.add("***");
        hideNext = false;
      } else if (arg.startsWith("--password=") || arg.startsWith("--admin-token=")) {
        shown.add(arg.substring(0, arg.indexOf('=') + 1) + "***");
      } else {
        hideNext = arg.equals("--password") || arg.equals("--admin-token");
        shown.add(arg);
      }
    }
    return String.join(" ", shown);
  }
}
