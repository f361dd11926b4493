package dev.smartparking.catalog;

import dev.smartparking.db.Columns;
import dev.smartparking.secret.SecretDigest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies a {@link Catalogue} to the registry in one transaction, with a few set-based
 * statements whatever the city's size, and tells listeners on {@link #CHANGE_CHANNEL} when it
 * changed anything. Concurrent imports are serialised by an advisory lock.
 *
 * <p>Every statement leaves a row that is already as the document states untouched, so that an
 * import of what is registered (a fleet provisioning its devices again at every start, as the
 * load generator does) changes no row and tells nobody: each listener reads the whole registry
 * again on a change (ingest its devices and lots, the API its availability view), which at a
 * hundred times Jiaozuo's lots is seconds of CPU and hundreds of megabytes of garbage per process.
 */
public final class CatalogueImport {

  /** PostgreSQL NOTIFY channel raised by every import; registry caches drop their entries on it. */
  public static final String CHANGE_CHANNEL = "registry_changed";

  /**
   * Taken first in every import transaction and held to its end: imports run one at a time.
   * Two imports upserting overlapping rows in different orders would otherwise deadlock.
   */
  static final String ONE_IMPORT_AT_A_TIME = "SELECT pg_advisory_xact_lock(hashtext('smartparking.catalogue-import'))";

  static final String EXISTING_DISTRICTS = "SELECT code FROM districts WHERE code = ANY($1)";
  static final String EXISTING_UNITS = "SELECT id FROM units WHERE id = ANY($1)";
  static final String EXISTING_LOTS = "SELECT id FROM lots WHERE id = ANY($1)";
  static final String EXISTING_COVERS = "SELECT id FROM covers WHERE id = ANY($1)";
  static final String KNOWN_SECRETS = "SELECT id, secret_sha256 FROM devices WHERE id = ANY($1)";

  static final String UPSERT_DISTRICTS = """
      INSERT INTO districts AS t (code, name) SELECT * FROM unnest($1::text[], $2::text[])
      ON CONFLICT (code) DO UPDATE SET name = excluded.name
      WHERE t.name IS DISTINCT FROM excluded.name""";
  static final String UPSERT_UNITS = """
      INSERT INTO units AS t (id, name, district_code, cover_target)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, district_code = excluded.district_code,
        cover_target = excluded.cover_target
      WHERE (t.name, t.district_code, t.cover_target)
        IS DISTINCT FROM (excluded.name, excluded.district_code, excluded.cover_target)""";
  static final String UPSERT_LOTS = """
      INSERT INTO lots AS t (id, name, district_code, lat, lon, capacity, counting, kind,
                        operator, address, phone, opening_hours, fee_text, fee, entrances, spots)
      SELECT id, name, district, lat, lon, capacity, counting, kind,
             operator, address, phone, opening_hours, fee_text, fee::jsonb, entrances::jsonb, spots::jsonb
      FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::int[], $7::text[], $8::text[],
                  $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
        AS l(id, name, district, lat, lon, capacity, counting, kind,
             operator, address, phone, opening_hours, fee_text, fee, entrances, spots)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, district_code = excluded.district_code,
        lat = excluded.lat, lon = excluded.lon, capacity = excluded.capacity,
        counting = excluded.counting, kind = excluded.kind, operator = excluded.operator,
        address = excluded.address, phone = excluded.phone, opening_hours = excluded.opening_hours,
        fee_text = excluded.fee_text, fee = excluded.fee, entrances = excluded.entrances, spots = excluded.spots
      WHERE (t.name, t.district_code, t.lat, t.lon, t.capacity, t.counting, t.kind, t.operator, t.address, t.phone,
             t.opening_hours, t.fee_text, t.fee, t.entrances, t.spots)
        IS DISTINCT FROM (excluded.name, excluded.district_code, excluded.lat, excluded.lon, excluded.capacity,
             excluded.counting, excluded.kind, excluded.operator, excluded.address, excluded.phone,
             excluded.opening_hours, excluded.fee_text, excluded.fee, excluded.entrances, excluded.spots)""";
  /** A new bay gets its bay_state row at once, state unknown: ingest relies on it (docs/storage.md). */
  static final String INSERT_BAYS = """
      WITH added AS (
        INSERT INTO bays (lot_id, bay_id) SELECT * FROM unnest($1::text[], $2::text[])
        ON CONFLICT DO NOTHING
        RETURNING lot_id, bay_id
      )
      INSERT INTO bay_state (lot_id, bay_id) SELECT lot_id, bay_id FROM added
      ON CONFLICT DO NOTHING""";
  /** Only the units whose document entry states a webhook: set, or null to remove it. */
  static final String SET_WEBHOOKS = """
      UPDATE units u SET webhook_url = w.url, webhook_secret = w.secret
      FROM unnest($1::text[], $2::text[], $3::text[]) AS w (id, url, secret)
      WHERE u.id = w.id AND (u.webhook_url, u.webhook_secret) IS DISTINCT FROM (w.url, w.secret)""";
  static final String UPSERT_COVERS = """
      INSERT INTO covers AS t (id, unit_id, district_code, lat, lon, report_interval_s, gas_limit_ppm,
                          tilt_limit_deg, water_margin_cm, battery_min_pct)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::int[],
                           $7::float8[], $8::float8[], $9::float8[], $10::int[])
      ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, district_code = excluded.district_code,
        lat = excluded.lat, lon = excluded.lon, report_interval_s = excluded.report_interval_s,
        gas_limit_ppm = excluded.gas_limit_ppm, tilt_limit_deg = excluded.tilt_limit_deg,
        water_margin_cm = excluded.water_margin_cm, battery_min_pct = excluded.battery_min_pct
      WHERE (t.unit_id, t.district_code, t.lat, t.lon, t.report_interval_s, t.gas_limit_ppm, t.tilt_limit_deg,
             t.water_margin_cm, t.battery_min_pct)
        IS DISTINCT FROM (excluded.unit_id, excluded.district_code, excluded.lat, excluded.lon,
             excluded.report_interval_s, excluded.gas_limit_ppm, excluded.tilt_limit_deg, excluded.water_margin_cm,
             excluded.battery_min_pct)""";
  static final String UPSERT_DEVICES = """
      INSERT INTO devices AS t (id, kind, secret_sha256) SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[])
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, secret_sha256 = excluded.secret_sha256
      WHERE (t.kind, t.secret_sha256) IS DISTINCT FROM (excluded.kind, excluded.secret_sha256)""";
  /** Only the devices whose document entry states {@code enabled}; the others keep theirs. */
  static final String SET_ENABLED = """
      UPDATE devices d SET enabled = e.enabled
      FROM unnest($1::text[], $2::bool[]) AS e (id, enabled)
      WHERE d.id = e.id AND d.enabled IS DISTINCT FROM e.enabled""";
  /** The bindings of the devices ($1) that the document ($2, $3: device, lot) no longer states. */
  static final String UNBIND_LOTS = """
      DELETE FROM device_lots b WHERE b.device_id = ANY($1) AND NOT EXISTS (
        SELECT 1 FROM unnest($2::text[], $3::text[]) AS k (device_id, lot_id)
        WHERE k.device_id = b.device_id AND k.lot_id = b.lot_id)""";
  static final String UNBIND_COVERS = """
      DELETE FROM device_covers b WHERE b.device_id = ANY($1) AND NOT EXISTS (
        SELECT 1 FROM unnest($2::text[], $3::text[]) AS k (device_id, cover_id)
        WHERE k.device_id = b.device_id AND k.cover_id = b.cover_id)""";
  static final String BIND_LOTS = """
      INSERT INTO device_lots (device_id, lot_id) SELECT * FROM unnest($1::text[], $2::text[])
      ON CONFLICT DO NOTHING""";
  static final String BIND_COVERS = """
      INSERT INTO device_covers (device_id, cover_id) SELECT * FROM unnest($1::text[], $2::text[])
      ON CONFLICT DO NOTHING""";
  /**
   * An import is one transaction whose statements grow with the city (ten times Jiaozuo is 81,200
   * covers and as many sensors), so the statement timeout of the pool it runs on, meant for
   * queries, would cut it; it gets its own for its transaction alone.
   */
  static final String IMPORT_STATEMENT_TIMEOUT = "SET LOCAL statement_timeout = '10min'";
  static final String NOTIFY_CHANGE = "SELECT pg_notify('" + CHANGE_CHANNEL + "', '')";

  private final Pool pool;

  public CatalogueImport(Pool pool) {
    this.pool = pool;
  }

  /** Fails with {@link CatalogueException} when the catalogue refers to something that exists nowhere. */
  public Future<ImportSummary> apply(Catalogue catalogue) {
    return pool.withTransaction(conn -> new Run(conn, catalogue).execute());
  }

  /** One import inside its transaction. */
  private static final class Run {

    private final SqlConnection conn;
    private final Catalogue catalogue;
    private final Map<String, String> issuedSecrets = new LinkedHashMap<>();
    /** Rows written or removed so far; none: the registry is as it was, and nobody needs telling. */
    private long changedRows;

    Run(SqlConnection conn, Catalogue catalogue) {
      this.conn = conn;
      this.catalogue = catalogue;
    }

    Future<ImportSummary> execute() {
      return conn.query(IMPORT_STATEMENT_TIMEOUT).execute()
          .compose(v -> conn.query(ONE_IMPORT_AT_A_TIME).execute())
          .compose(v -> checkReferences())
          .compose(v -> upsertDistricts())
          .compose(v -> upsertUnits())
          .compose(v -> setWebhooks())
          .compose(v -> upsertLots())
          .compose(v -> insertBays())
          .compose(v -> upsertCovers())
          .compose(v -> knownSecrets())
          .compose(this::upsertDevices)
          .compose(v -> setEnabled())
          .compose(v -> bind())
          .compose(v -> changedRows == 0 ? Future.succeededFuture() : conn.query(NOTIFY_CHANGE).execute().mapEmpty())
          .map(v -> summary());
    }

    private Future<Void> checkReferences() {
      Set<String> districts = ids(catalogue.districts(), Catalogue.District::code);
      Set<String> units = ids(catalogue.units(), Catalogue.Unit::id);
      Set<String> lots = ids(catalogue.lots(), Catalogue.Lot::id);
      Set<String> covers = ids(catalogue.covers(), Catalogue.Cover::id);
      List<Reference> references = new ArrayList<>();
      forEach(catalogue.units(), "units", (u, path) -> {
        if (u.district() != null) {
          references.add(new Reference(path + ".district", "district", u.district(), districts));
        }
      });
      forEach(catalogue.lots(), "lots",
          (l, path) -> references.add(new Reference(path + ".district", "district", l.district(), districts)));
      forEach(catalogue.covers(), "covers", (c, path) -> {
        references.add(new Reference(path + ".unit", "unit", c.unit(), units));
        references.add(new Reference(path + ".district", "district", c.district(), districts));
      });
      forEach(catalogue.devices(), "devices", (d, path) -> {
        d.lots().forEach(lot -> references.add(new Reference(path + ".lots", "lot", lot, lots)));
        d.covers().forEach(cover -> references.add(new Reference(path + ".covers", "cover", cover, covers)));
      });
      return Future.all(
              existing(EXISTING_DISTRICTS, references, "district"),
              existing(EXISTING_UNITS, references, "unit"),
              existing(EXISTING_LOTS, references, "lot"),
              existing(EXISTING_COVERS, references, "cover"))
          .compose(found -> {
            for (Reference ref : references) {
              if (!ref.inDocument().contains(ref.id()) && !found.<Set<String>>resultAt(kindIndex(ref.kind()))
                  .contains(ref.id())) {
                return Future.failedFuture(
                    new CatalogueException(ref.path() + ": unknown " + ref.kind() + " '" + ref.id() + "'"));
              }
            }
            return Future.succeededFuture();
          });
    }

    private static int kindIndex(String kind) {
      return switch (kind) {
        case "district" -> 0;
        case "unit" -> 1;
        case "lot" -> 2;
        default -> 3;
      };
    }

    private Future<Set<String>> existing(String sql, List<Reference> references, String kind) {
      String[] outside = references.stream()
          .filter(r -> r.kind().equals(kind) && !r.inDocument().contains(r.id()))
          .map(Reference::id)
          .distinct()
          .toArray(String[]::new);
      if (outside.length == 0) {
        return Future.succeededFuture(Set.of());
      }
      return conn.preparedQuery(sql).execute(Columns.tuple(outside))
          .map(rows -> {
            Set<String> found = new HashSet<>();
            rows.forEach(row -> found.add(row.getString(0)));
            return found;
          });
    }

    private Future<Void> upsertDistricts() {
      List<Catalogue.District> ds = catalogue.districts();
      return run(UPSERT_DISTRICTS, ds.size(), Columns.tuple(
          Columns.of(ds, Catalogue.District::code, String[]::new),
          Columns.of(ds, Catalogue.District::name, String[]::new)));
    }

    private Future<Void> upsertUnits() {
      List<Catalogue.Unit> us = catalogue.units();
      return run(UPSERT_UNITS, us.size(), Columns.tuple(
          Columns.of(us, Catalogue.Unit::id, String[]::new),
          Columns.of(us, Catalogue.Unit::name, String[]::new),
          Columns.of(us, Catalogue.Unit::district, String[]::new),
          Columns.of(us, Catalogue.Unit::coverTarget, Integer[]::new)));
    }

    private Future<Void> setWebhooks() {
      List<Catalogue.Unit> stated = catalogue.units().stream().filter(u -> !u.webhook().keep()).toList();
      return run(SET_WEBHOOKS, stated.size(), Columns.tuple(
          Columns.of(stated, Catalogue.Unit::id, String[]::new),
          Columns.of(stated, u -> u.webhook().url(), String[]::new),
          Columns.of(stated, u -> u.webhook().secret(), String[]::new)));
    }

    private Future<Void> upsertLots() {
      List<Catalogue.Lot> ls = catalogue.lots();
      return run(UPSERT_LOTS, ls.size(), Tuple.tuple()
          .addArrayOfString(Columns.of(ls, Catalogue.Lot::id, String[]::new))
          .addArrayOfString(Columns.of(ls, Catalogue.Lot::name, String[]::new))
          .addArrayOfString(Columns.of(ls, Catalogue.Lot::district, String[]::new))
          .addArrayOfDouble(Columns.of(ls, Catalogue.Lot::lat, Double[]::new))
          .addArrayOfDouble(Columns.of(ls, Catalogue.Lot::lon, Double[]::new))
          .addArrayOfInteger(Columns.of(ls, Catalogue.Lot::capacity, Integer[]::new))
          .addArrayOfString(Columns.of(ls, Catalogue.Lot::counting, String[]::new))
          .addArrayOfString(Columns.of(ls, Catalogue.Lot::kind, String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().operator(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().address(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().phone(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().openingHours(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().feeText(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().feeJson(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().entrancesJson(), String[]::new))
          .addArrayOfString(Columns.of(ls, l -> l.details().spotsJson(), String[]::new)));
    }

    private Future<Void> insertBays() {
      List<String[]> pairs = new ArrayList<>();
      catalogue.lots().forEach(lot -> lot.bays().forEach(bay -> pairs.add(new String[] {lot.id(), bay})));
      return run(INSERT_BAYS, pairs.size(), Columns.tuple(
          Columns.of(pairs, p -> p[0], String[]::new),
          Columns.of(pairs, p -> p[1], String[]::new)));
    }

    private Future<Void> upsertCovers() {
      List<Catalogue.Cover> cs = catalogue.covers();
      return run(UPSERT_COVERS, cs.size(), Tuple.tuple()
          .addArrayOfString(Columns.of(cs, Catalogue.Cover::id, String[]::new))
          .addArrayOfString(Columns.of(cs, Catalogue.Cover::unit, String[]::new))
          .addArrayOfString(Columns.of(cs, Catalogue.Cover::district, String[]::new))
          .addArrayOfDouble(Columns.of(cs, Catalogue.Cover::lat, Double[]::new))
          .addArrayOfDouble(Columns.of(cs, Catalogue.Cover::lon, Double[]::new))
          .addArrayOfInteger(Columns.of(cs, Catalogue.Cover::reportIntervalS, Integer[]::new))
          .addArrayOfDouble(Columns.of(cs, Catalogue.Cover::gasLimitPpm, Double[]::new))
          .addArrayOfDouble(Columns.of(cs, Catalogue.Cover::tiltLimitDeg, Double[]::new))
          .addArrayOfDouble(Columns.of(cs, Catalogue.Cover::waterMarginCm, Double[]::new))
          .addArrayOfInteger(Columns.of(cs, Catalogue.Cover::batteryMinPct, Integer[]::new)));
    }

    private Future<Map<String, Buffer>> knownSecrets() {
      if (catalogue.devices().isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      String[] ids = Columns.of(catalogue.devices(), Catalogue.Device::id, String[]::new);
      return conn.preparedQuery(KNOWN_SECRETS).execute(Columns.tuple(ids)).map(rows -> {
        Map<String, Buffer> known = new HashMap<>();
        for (Row row : rows) {
          known.put(row.getString(0), row.getBuffer(1));
        }
        return known;
      });
    }

    private Future<Void> upsertDevices(Map<String, Buffer> known) {
      List<Catalogue.Device> ds = catalogue.devices();
      Buffer[] hashes = new Buffer[ds.size()];
      for (int i = 0; i < ds.size(); i++) {
        hashes[i] = secretHash(ds.get(i), known.get(ds.get(i).id()));
      }
      return run(UPSERT_DEVICES, ds.size(), Tuple.tuple()
          .addArrayOfString(Columns.of(ds, Catalogue.Device::id, String[]::new))
          .addArrayOfString(Columns.of(ds, Catalogue.Device::kind, String[]::new))
          .addValue(hashes));
    }

    private Future<Void> setEnabled() {
      List<Catalogue.Device> stated = catalogue.devices().stream().filter(d -> d.enabled() != null).toList();
      return run(SET_ENABLED, stated.size(), Tuple.tuple()
          .addArrayOfString(Columns.of(stated, Catalogue.Device::id, String[]::new))
          .addArrayOfBoolean(Columns.of(stated, Catalogue.Device::enabled, Boolean[]::new)));
    }

    private Buffer secretHash(Catalogue.Device device, Buffer knownHash) {
      if (device.secret() != null) {
        return Buffer.buffer(SecretDigest.of(device.secret()));
      }
      if (knownHash != null && !device.rotateSecret()) {
        return knownHash;
      }
      String issued = DeviceSecrets.issue();
      issuedSecrets.put(device.id(), issued);
      return Buffer.buffer(SecretDigest.of(issued));
    }

    private Future<Void> bind() {
      List<Catalogue.Device> ds = catalogue.devices();
      String[] ids = Columns.of(ds, Catalogue.Device::id, String[]::new);
      List<String[]> lotPairs = new ArrayList<>();
      List<String[]> coverPairs = new ArrayList<>();
      for (Catalogue.Device d : ds) {
        d.lots().forEach(lot -> lotPairs.add(new String[] {d.id(), lot}));
        d.covers().forEach(cover -> coverPairs.add(new String[] {d.id(), cover}));
      }
      String[] lotDevices = Columns.of(lotPairs, p -> p[0], String[]::new);
      String[] lots = Columns.of(lotPairs, p -> p[1], String[]::new);
      String[] coverDevices = Columns.of(coverPairs, p -> p[0], String[]::new);
      String[] covers = Columns.of(coverPairs, p -> p[1], String[]::new);
      return run(UNBIND_LOTS, ids.length, Columns.tuple(ids, lotDevices, lots))
          .compose(v -> run(UNBIND_COVERS, ids.length, Columns.tuple(ids, coverDevices, covers)))
          .compose(v -> run(BIND_LOTS, lotPairs.size(), Columns.tuple(lotDevices, lots)))
          .compose(v -> run(BIND_COVERS, coverPairs.size(), Columns.tuple(coverDevices, covers)));
    }

    private Future<Void> run(String sql, int rows, Tuple arguments) {
      if (rows == 0) {
        return Future.succeededFuture();
      }
      return conn.preparedQuery(sql).execute(arguments).map(result -> {
        changedRows += result.rowCount();
        return null;
      });
    }

    private ImportSummary summary() {
      int bays = catalogue.lots().stream().mapToInt(l -> l.bays().size()).sum();
      return new ImportSummary(catalogue.districts().size(), catalogue.units().size(), catalogue.lots().size(),
          bays, catalogue.covers().size(), catalogue.devices().size(), issuedSecrets, changedRows > 0);
    }
  }

  /** A reference from one entry to another, and the ids of its kind that the document itself defines. */
  private record Reference(String path, String kind, String id, Set<String> inDocument) {}

  private interface EntryVisitor<T> {
    void visit(T entry, String path);
  }

  private static <T> void forEach(List<T> entries, String section, EntryVisitor<T> visitor) {
    for (int i = 0; i < entries.size(); i++) {
      visitor.visit(entries.get(i), section + "[" + i + "]");
    }
  }

  private static <T> Set<String> ids(Collection<T> entries, Function<T, String> id) {
    return entries.stream().map(id).collect(Collectors.toUnmodifiableSet());
  }


}
