package dev.smartparking.db;

import dev.smartparking.config.ConfigLoader;
import dev.smartparking.config.ServerConfig;
import dev.smartparking.testkit.ClassFixture;
import dev.smartparking.testkit.TestDatabase;
import dev.smartparking.testkit.TestPostgres;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A fresh database at the last migration before the one a test class checks, for the class to fill
 * with the data that migration must carry over; {@link #migrateToLatest()} then applies it and every
 * later one. Dropped after the class.
 */
final class DatabaseBeforeMigration extends ClassFixture {

  private final MigrationVersion checked;
  private TestDatabase db;
  private ServerConfig.Database settings;

  DatabaseBeforeMigration(String checked) {
    this.checked = MigrationVersion.fromVersion(checked);
  }

  @Override
  protected void start() {
    db = closeAfterAll(TestPostgres.freshDatabase());
    settings = ConfigLoader.defaults().setAll(db.serverSettings()).build().database();
    FluentConfiguration flyway = Flyway.configure()
        .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
        .locations("classpath:db/migration");
    MigrationVersion before = Arrays.stream(flyway.load().info().all())
        .map(MigrationInfo::getVersion)
        .filter(version -> version.compareTo(checked) < 0)
        .max(MigrationVersion::compareTo)
        .orElseThrow();
    flyway.target(before).load().migrate();
  }

  TestDatabase db() {
    requireStarted();
    return db;
  }

  void migrateToLatest() {
    SchemaMigrator.migrate(settings);
  }
}
