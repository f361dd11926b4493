package dev.smartparking.simulator.ledger;

import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's ledger: one JSON line per message sent, appended from any thread, read back by verify.
 *
 * <p>A file rather than memory so that verify can run as its own command after the run, and a
 * person can read what was sent.
 */
public final class Ledger implements AutoCloseable {

  private final BufferedWriter out;

  private Ledger(BufferedWriter out) {
    this.out = out;
  }

  public static Ledger create(Path file) {
    try {
      return new Ledger(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ledger " + file, e);
    }
  }

  public synchronized void record(LedgerEntry entry) {
    try {
      out.write(entry.toJson().encode());
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the ledger", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the ledger", e);
    }
  }

  public static List<LedgerEntry> read(Path file) throws IOException {
    List<LedgerEntry> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        entries.add(LedgerEntry.fromJson(new JsonObject(line)));
      }
    }
    return entries;
  }
}
