package dev.smartparking.ingest.store;

import dev.smartparking.config.ServerConfig;
import dev.smartparking.db.PgClients;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/** The connections an event loop's {@link BatchWriter} writes on, with the session settings they need. */
public final class WriterPool {

  /**
   * PostgreSQL's backend_flush_after, set in the writer sessions' start-up packet. Ingest writes
   * far more than shared_buffers holds, so its backends evict the pages they filled themselves,
   * into the kernel's page cache. Left there, the kernel writes them back in one burst when they
   * expire (30 s by default), and every commit's WAL flush behind that burst waits: 100-200 ms
   * stalls that hold every PUBACK in flight. With it set, the backend asks the kernel to start
   * writing every this many bytes it evicts, so the disk gets the same bytes spread out. Nothing
   * waits for that write; it is not a flush. Measured in docs/performance.md, Paced latency.
   */
  static final String BACKEND_FLUSH_AFTER = "backend_flush_after";

  private WriterPool() {}

  public static Pool create(Vertx vertx, ServerConfig.Database database, ServerConfig.Ingest ingest) {
    return PgClients.pool(vertx, connectOptions(database, ingest), "ingest-writer", ingest.writerConnections());
  }

  /** 0 leaves the setting to the server (its own default is 0: the kernel decides). */
  static PgConnectOptions connectOptions(ServerConfig.Database database, ServerConfig.Ingest ingest) {
    PgConnectOptions options = PgClients.connectOptions(database);
    int flushAfter = ingest.writerFlushAfterBytes();
    return flushAfter == 0 ? options : options.addProperty(BACKEND_FLUSH_AFTER, flushAfter / 1024 + "kB");
  }
}
