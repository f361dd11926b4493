package dev.smartparking.server;

import dev.smartparking.catalog.CatalogueException;
import dev.smartparking.catalog.CatalogueImport;
import dev.smartparking.catalog.CatalogueParser;
import dev.smartparking.catalog.ImportSummary;
import dev.smartparking.config.ConfigException;
import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import dev.smartparking.db.SchemaMigrator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Command line of the server jar: {@code serve}, {@code import} and {@code migrate}. */
@Command(name = "smartparking-server", mixinStandardHelpOptions = true,
    subcommands = {Main.Serve.class, Main.Import.class, Main.Migrate.class},
    description = "Smart-parking MQTT ingestion and city availability API.")
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@link #main} runs it: a bad configuration or catalogue exits with 2,
   * any other failure with 1, each with its message on the error stream.
   */
  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return e instanceof ConfigException || e instanceof CatalogueException ? 2 : 1;
        });
  }

  /** Options every command shares. */
  static class ConfigOption {
    @Option(names = {"-c", "--config"}, description = "properties file (README lists the options); "
        + "SMARTPARKING_* environment variables override it")
    Path file;

    ServerConfig load() {
      return ConfigLoader.load(file, System.getenv());
    }
  }

  @Command(name = "serve", description = "Run the server until interrupted.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOption config = new ConfigOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      Server server = Server.start(config.load()).await();
      spec.commandLine().getOut()
          .printf("smartparking server up: mqtt port %d, mqtt tls port %d, http port %d%n", server.mqttPort(),
              server.mqttTlsPort(), server.httpPort());
      CountDownLatch stopped = new CountDownLatch(1);
      // SIGTERM: the JVM runs this hook, and exits when it returns, so the drain runs to its end.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        stopped.countDown();
      }));
      stopped.await();
      return 0;
    }
  }

  @Command(name = "import", description = "Import a city catalogue (docs/catalogue.md) and print what it applied.")
  static final class Import implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOption config = new ConfigOption();

    @Parameters(paramLabel = "CATALOGUE", description = "catalogue JSON file")
    Path catalogue;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ServerConfig settings = config.load();
      SchemaMigrator.migrate(settings.database());
      Buffer json = Buffer.buffer(Files.readAllBytes(catalogue));
      Vertx vertx = Vertx.vertx();
      Pool pool = PgClients.pool(vertx, settings.database(), "import", 1);
      try {
        ImportSummary summary = new CatalogueImport(pool).apply(CatalogueParser.parse(json)).await();
        spec.commandLine().getOut().println(summary.toJson().encodePrettily());
        return 0;
      } finally {
        pool.close().await();
        vertx.close().await();
      }
    }
  }

  @Command(name = "migrate", description = "Bring the database schema up to date and exit.")
  static final class Migrate implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOption config = new ConfigOption();

    @Override
    public Integer call() {
      SchemaMigrator.migrate(config.load().database());
      return 0;
    }
  }
}
