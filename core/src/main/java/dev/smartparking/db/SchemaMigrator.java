package dev.smartparking.db;

import dev.smartparking.config.ServerConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the database schema up to date with the Flyway migrations under {@code db/migration}. */
public final class SchemaMigrator {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private SchemaMigrator() {}

  /** Blocking (JDBC): call it before deploying verticles or from a worker. */
  public static void migrate(ServerConfig.Database database) {
    Flyway flyway = Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .load();
    MigrateResult result = flyway.migrate();
    LOG.info("Schema at version {} ({} migrations applied now)", flyway.info().current().getVersion(),
        result.migrationsExecuted);
  }
}
