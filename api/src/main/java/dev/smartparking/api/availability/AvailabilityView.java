package dev.smartparking.api.availability;

import dev.smartparking.api.http.ApiException;
import dev.smartparking.api.http.EncodedAnswer;
import dev.smartparking.db.StorageFault;
import dev.smartparking.health.ReadinessCheck;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every lot, its state and the district and city totals, in memory, so that availability and
 * the lot answers (one lot, lists, nearby: {@link LotsNow}) are answered without a query. Loaded whole when it starts listening (and after every
 * reconnection or registry change); afterwards only the lots named by {@code lot_state_changed}
 * notifications are read again, a few tens of milliseconds' worth of them in one query, and
 * the totals are moved by the difference each of them makes.
 *
 * <p>Whether a lot counts also depends on time: it stops reporting after lots.offline-after of
 * silence, with no event to tell. A sweep once a second takes such lots out of the totals: one
 * pass over a city's few thousand lots costs microseconds, whereas judging them at read time
 * would cost a pass per request. A lot's own state is judged at read time, exactly.
 *
 * <p>A verticle, so that all of its bookkeeping runs on its one context; request handlers on
 * other event loops read only what it publishes: the availability answer, encoded once after
 * each change that moves it, the lots, and whether it is current.
 */
public final class AvailabilityView extends VerticleBase implements ReadinessCheck {

  /** Every district, with a row of nulls for one without lots. */
  static final String ALL_LOTS = """
      SELECT d.code AS district_code, d.name AS district_name, l.id, l.name, l.lat, l.lon, l.capacity, l.counting,
             s.total, s.free, s.closed, s.observed_at, s.last_seen_at,
             json_strip_nulls(json_build_object('operator', l.operator, 'address', l.address, 'phone', l.phone,
               'opening_hours', l.opening_hours, 'fee_text', l.fee_text, 'fee', l.fee, 'entrances', l.entrances,
               'spots', l.spots))::text AS details
      FROM districts d
      LEFT JOIN lots l ON l.district_code = d.code
      LEFT JOIN lot_state s ON s.lot_id = l.id""";
  static final String SOME_LOTS = ALL_LOTS + " WHERE l.id = ANY($1)";

  private static final Logger LOG = LoggerFactory.getLogger(AvailabilityView.class);
  /** How long notifications gather before one query reads their lots. */
  private static final long COALESCE_MS = 20;
  private static final long RETRY_MS = 1_000;
  private static final long SWEEP_MS = 1_000;

  private final Pool pool;
  private final PgConnectOptions listenOn;
  private final ReportingRule rule;
  private final AvailabilityMetrics metrics;
  private final ViewChanges changed;

  private Map<String, Tracked> lots = new HashMap<>();
  // Published to request handlers.
  private volatile EncodedAnswer availability;
  private volatile LotsNow lotsNow;
  private volatile boolean loaded;
  /** Counts (re)subscriptions; the view is current when its last full load started after the latest. */
  private volatile int subscriptions;
  private volatile int loadedAfter;
  /** The connection of the latest subscription: after a reconnection, until it subscribed, not this one. */
  private volatile PgConnection subscribedOn;
  private volatile Throwable loadFailure;

  // The view's context only.
  private LotStateChanges changes;
  private CityTally tally;
  private JsonObject published;
  private final Set<String> pendingLots = new HashSet<>();
  private boolean fullLoadWanted;
  private boolean reading;
  private long readTimer = -1;

  public AvailabilityView(Pool pool, PgConnectOptions listenOn, ReportingRule rule, AvailabilityMetrics metrics) {
    this(pool, listenOn, rule, metrics, ViewChanges.NONE);
  }

  /** Telling {@code changed} of each change once published (the pushed streams). */
  public AvailabilityView(Pool pool, PgConnectOptions listenOn, ReportingRule rule, AvailabilityMetrics metrics,
      ViewChanges changed) {
    this.pool = pool;
    this.listenOn = listenOn;
    this.rule = rule;
    this.metrics = metrics;
    this.changed = changed;
  }

  /** A lot and whether it counts in the totals now. */
  private record Tracked(LotNow lot, boolean counts) {}

  @Override
  public Future<?> start() {
    changes = new LotStateChanges(vertx, listenOn, this::lotsChanged, this::registryChanged, this::subscribed);
    changes.listen();
    vertx.setPeriodic(SWEEP_MS, id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return changes.close();
  }

  /** The answer of {@code GET /api/v1/availability}, encoded; before the first load, fails as {@link #notLoaded} says. */
  public EncodedAnswer availability() {
    EncodedAnswer answer = availability;
    if (answer == null) {
      throw notLoaded();
    }
    return answer;
  }

  /** Every lot now; before the first load, fails as {@link #notLoaded} says. */
  public LotsNow lots() {
    LotsNow now = lotsNow;
    if (now == null) {
      throw notLoaded();
    }
    return now;
  }

  /**
   * Before its first load the view knows nothing: while PostgreSQL cannot be read, or with why
   * the load failed, which the error handler turns into a 503 or a 500.
   */
  private RuntimeException notLoaded() {
    Throwable failure = loadFailure;
    if (failure == null || StorageFault.of(failure).isTransient()) {
      return new ApiException(503, "storage_unavailable",
          "lot state is not loaded yet from the database; try again shortly");
    }
    return new IllegalStateException("lot state cannot be loaded", failure);
  }

  public boolean loaded() {
    return loaded;
  }

  @Override
  public String name() {
    return "availability";
  }

  /** Not ready until loaded, nor while it may miss a lot's change. */
  @Override
  public Optional<String> problem() {
    return current() ? Optional.empty() : Optional.of(loaded ? "not following lot changes" : "loading");
  }

  /** Loaded, listening, and loaded again since it last started listening: nothing was missed. */
  public boolean current() {
    PgConnection listening = changes.connection();
    return loaded && loadedAfter == subscriptions && listening != null && listening == subscribedOn;
  }

  private void lotsChanged(List<String> ids) {
    pendingLots.addAll(ids);
    scheduleRead(COALESCE_MS);
  }

  private void registryChanged() {
    fullLoadWanted = true;
    scheduleRead(COALESCE_MS);
  }

  /** Notifications sent while not listening are lost: anything may have changed. */
  private void subscribed() {
    subscribedOn = changes.connection();
    subscriptions++;
    registryChanged();
  }

  private void scheduleRead(long delayMs) {
    if (!reading && readTimer == -1) {
      readTimer = vertx.setTimer(delayMs, id -> read());
    }
  }

  /** One query at a time, so that answers are applied in the order they were read. */
  private void read() {
    readTimer = -1;
    reading = true;
    Future<Void> done;
    if (fullLoadWanted) {
      // Notifications that arrived before this query are covered by it.
      fullLoadWanted = false;
      pendingLots.clear();
      done = loadAll(subscriptions);
    } else {
      List<String> ids = new ArrayList<>(pendingLots);
      pendingLots.clear();
      done = loadSome(ids);
    }
    done.onComplete(result -> readDone(result.cause()));
  }

  private void readDone(Throwable failure) {
    reading = false;
    if (failure != null) {
      LOG.warn("Cannot read lot state, loading everything again: {}", failure.toString());
      fullLoadWanted = true;
      scheduleRead(RETRY_MS);
    } else if (fullLoadWanted || !pendingLots.isEmpty()) {
      scheduleRead(COALESCE_MS);
    }
  }

  private Future<Void> loadAll(int subscription) {
    return pool.query(ALL_LOTS).execute()
        .map(rows -> replaceAll(rows, subscription))
        .onFailure(e -> loadFailure = e);
  }

  private Void replaceAll(RowSet<Row> rows, int subscription) {
    Map<String, String> districtNames = new LinkedHashMap<>();
    for (Row row : rows) {
      districtNames.put(row.getString("district_code"), row.getString("district_name"));
    }
    CityTally fresh = new CityTally(districtNames);
    Map<String, Tracked> freshLots = new HashMap<>();
    // A reload after a reconnection may carry changes whose notifications were lost: those of
    // lots known before are pushed; the first load pushes none.
    List<LotNow> moved = new ArrayList<>();
    for (Row row : rows) {
      if (row.getString("id") != null) {
        Tracked tracked = track(LotNow.of(row));
        fresh.add(tracked.lot(), tracked.counts());
        freshLots.put(tracked.lot().id(), tracked);
        Tracked before = lots.get(tracked.lot().id());
        if (before != null && !before.equals(tracked)) {
          moved.add(tracked.lot());
        }
      }
    }
    tally = fresh;
    lots = freshLots;
    LotsNow reloaded = LotsNow.of(freshLots.values().stream().map(Tracked::lot).toList());
    lotsNow = reloaded;
    publish();
    pushLots(moved);
    changed.reloaded(id -> reloaded.get(id) != null);
    loadedAfter = subscription;
    loaded = true;
    loadFailure = null;
    return null;
  }

  private Future<Void> loadSome(List<String> ids) {
    if (tally == null) {
      // Not loaded yet: the full load these notifications wait for will read them.
      fullLoadWanted = true;
      return Future.succeededFuture();
    }
    return pool.preparedQuery(SOME_LOTS).execute(Tuple.tuple().addValue(ids.toArray(String[]::new)))
        .map(this::apply);
  }

  private Void apply(RowSet<Row> rows) {
    List<LotNow> moved = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Tracked now = track(LotNow.of(row));
      Tracked before = lots.get(now.lot().id());
      if (before == null || !before.lot().samePlace(now.lot())) {
        // A lot this view does not know where to count or find: the registry changed under it.
        fullLoadWanted = true;
        continue;
      }
      tally.remove(before.lot(), before.counts());
      tally.add(now.lot(), now.counts());
      lots.put(now.lot().id(), now);
      lotsNow.update(now.lot());
      metrics.applied(now.lot().lastSeenAt());
      moved.add(now.lot());
    }
    publish();
    pushLots(moved);
    return null;
  }

  /** Takes out of the totals the lots that went silent for too long since they last changed. */
  private void sweep() {
    if (tally == null) {
      return;
    }
    List<LotNow> silent = new ArrayList<>();
    for (Tracked tracked : lots.values()) {
      if (tracked.counts() && !counts(tracked.lot())) {
        tally.remove(tracked.lot(), true);
        tally.add(tracked.lot(), false);
        lots.put(tracked.lot().id(), new Tracked(tracked.lot(), false));
        silent.add(tracked.lot());
      }
    }
    if (!silent.isEmpty()) {
      publish();
      // Their state is now offline, though nothing in lot_state changed.
      pushLots(silent);
    }
  }

  private Tracked track(LotNow lot) {
    return new Tracked(lot, counts(lot));
  }

  private boolean counts(LotNow lot) {
    return rule.reporting(lot.lastSeenAt(), lot.closed());
  }

  /** Encodes the answer only when it moved: most changes of a lot leave it as it was. */
  private void publish() {
    JsonObject answer = tally.toJson();
    if (availability == null || !answer.equals(published)) {
      published = answer;
      availability = EncodedAnswer.of(answer);
      metrics.published(answer);
      changed.availability(answer);
    }
  }

  private void pushLots(List<LotNow> moved) {
    if (!moved.isEmpty()) {
      changed.lots(moved);
    }
  }
}
