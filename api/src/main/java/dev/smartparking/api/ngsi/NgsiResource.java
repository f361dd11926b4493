package dev.smartparking.api.ngsi;

import dev.smartparking.api.availability.AvailabilityView;
import dev.smartparking.api.availability.LotNow;
import dev.smartparking.api.availability.LotsNow;
import dev.smartparking.api.availability.ReportingRule;
import dev.smartparking.api.http.BearerAuth;
import dev.smartparking.api.http.Caller;
import dev.smartparking.api.http.Reach;
import dev.smartparking.api.http.Role;
import dev.smartparking.api.http.Scope;
import dev.smartparking.api.replica.ReadPools;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.function.Predicate;

/**
 * The NGSI-LD read view (ETSI GS CIM 009, the subset docs/ngsi-ld.md lists): lots from the lots in
 * memory, bays from {@code bay_state}, as FIWARE Smart Data Models parking entities; the same
 * bearer tokens and scopes as {@code /api/v1/lots}. Writes, subscriptions and the temporal API
 * answer 501.
 */
public final class NgsiResource {

  private static final String BASE = "/ngsi-ld/v1";
  /** The NGSI-LD resources under {@link #BASE} that answer 501, except the GETs served on the first. */
  private static final List<String> NOT_IMPLEMENTED = List.of("entities", "entityOperations", "subscriptions",
      "temporal", "csourceRegistrations", "csourceSubscriptions", "types", "attributes", "jsonldContexts");

  /** About what a lot's entity takes, normalized with its static data: a list's first guess. */
  private static final int ENTITY_BYTES = 900;
  /** About what a bay's entity takes, normalized. */
  private static final int SPOT_BYTES = 400;

  private final AvailabilityView lots;
  private final ParkingEntities entities;
  private final BayStates bays;

  NgsiResource(AvailabilityView lots, ReportingRule rule, ReadPools reads) {
    this.lots = lots;
    this.entities = new ParkingEntities(rule);
    this.bays = new BayStates(reads);
  }

  /** Mounts the NGSI-LD routes, with their own problem+json failure handler, on {@code router}. */
  public static void mount(Router router, BearerAuth auth, AvailabilityView lots, ReportingRule rule,
      ReadPools reads) {
    NgsiResource ngsi = new NgsiResource(lots, rule, reads);
    // Pattern routes for the whole path: a route with a path but no method is one the contract
    // tests cannot name (OpenApiTest, ScopedRoutesApiTest), and these serve every method.
    router.routeWithRegex(BASE + "/.*").failureHandler(NgsiErrors::handle);
    router.get(Representation.CONTEXT_PATH).putMetadata(Reach.KEY, Reach.OPEN).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/ld+json")
        .sendFile("ngsi-ld/context.jsonld").onFailure(ctx::fail));
    auth.guard(router.get(BASE + "/entities"), Role.READER, Reach.SCOPED).handler(ngsi::query);
    auth.guard(router.get(BASE + "/entities/:entityId"), Role.READER, Reach.SCOPED).handler(ngsi::entity);
    // Whatever else NGSI-LD defines is not served here: 501 for the parts a consumer may try
    // (writes on the same paths, batch operations, subscriptions, the temporal API, registrations).
    auth.guard(router.routeWithRegex(BASE + "/(" + String.join("|", NOT_IMPLEMENTED) + ")(/.*)?"), Role.READER,
        Reach.SCOPED).handler(ctx -> ctx.fail(NgsiProblem.notSupported(ctx.request().method() + " "
            + ctx.request().path() + " is not implemented: this is a read-only view of entities (docs/ngsi-ld.md)")));
    router.routeWithRegex(BASE + "/.*")
        .handler(ctx -> ctx.fail(NgsiProblem.notFound("no resource at " + ctx.request().path())));
  }

  /** {@code GET /ngsi-ld/v1/entities?type=&q=&georel=&geometry=&coordinates=&limit=&offset=&options=}. */
  void query(RoutingContext ctx) {
    Representation representation = Representation.of(ctx);
    EntityQuery query = EntityQuery.of(EntityQuery.parameters(ctx));
    Scope scope = Caller.scopeOf(ctx);
    switch (query.type()) {
      case ParkingEntities.OFF_STREET, ParkingEntities.ON_STREET -> {
        List<LotNow> upToPage = matchingLots(query, scope, (long) query.offset() + query.limit(), query.type());
        Buffer context = representation.contextMember(ctx);
        Buffer found = Buffer.buffer(2 + ENTITY_BYTES * Math.max(0, upToPage.size() - query.offset()))
            .appendByte((byte) '[');
        for (int i = query.offset(); i < upToPage.size(); i++) {
          if (i > query.offset()) {
            found.appendByte((byte) ',');
          }
          entities.writeLot(found, upToPage.get(i), query.keyValues(), context);
        }
        representation.send(ctx, found.appendByte((byte) ']'));
      }
      case ParkingEntities.SPOT -> querySpots(ctx, representation, query, scope);
      // NGSI-LD answers a type it holds no entities of with an empty list.
      default -> representation.sendNone(ctx);
    }
  }

  /**
   * The lots of {@code type} the scope sees that meet the query, the first {@code max} of them: by
   * distance (then id) within a {@code near} georel, else in id order.
   */
  private List<LotNow> matchingLots(EntityQuery query, Scope scope, long max, String type) {
    Predicate<LotNow> keep = lot -> scope.seesLotsOf(lot.district()) && ParkingEntities.typeOf(lot).equals(type);
    for (SpotCondition condition : query.conditions()) {
      keep = keep.and(condition);
    }
    LotsNow now = lots.lots();
    int upTo = (int) Math.min(max, now.size());
    if (upTo == 0) {
      return List.of();
    }
    if (query.near() == null) {
      return now.inIdOrder(scope.district(), null, keep, upTo);
    }
    EntityQuery.Near near = query.near();
    return now.nearby(near.lat(), near.lon(), near.maxDistanceM(), keep, upTo).stream()
        .map(LotsNow.Nearby::lot).toList();
  }

  /** Bays of the bay-counted lots the query selects (q terms are on lots' spot counts: a bay has none). */
  private void querySpots(RoutingContext ctx, Representation representation, EntityQuery query, Scope scope) {
    if (!query.conditions().isEmpty()) {
      representation.sendNone(ctx);
      return;
    }
    List<LotNow> siteLots = matchingLots(query, scope, Integer.MAX_VALUE, ParkingEntities.ON_STREET);
    if (siteLots.isEmpty()) {
      representation.sendNone(ctx);
      return;
    }
    LotsNow now = lots.lots();
    bays.page(siteLots.stream().map(LotNow::id).toList(), query.limit(), query.offset())
        .onSuccess(rows -> {
          Buffer context = representation.contextMember(ctx);
          Buffer found = Buffer.buffer(2 + SPOT_BYTES * rows.size()).appendByte((byte) '[');
          for (Row row : rows) {
            if (found.length() > 1) {
              found.appendByte((byte) ',');
            }
            writeSpot(found, now.get(row.getString("lot_id")), row, query.keyValues(), context);
          }
          representation.send(ctx, found.appendByte((byte) ']'));
        })
        .onFailure(ctx::fail);
  }

  /** {@code GET /ngsi-ld/v1/entities/{id}}: a lot or a bay by its URN. */
  void entity(RoutingContext ctx) {
    Representation representation = Representation.of(ctx);
    boolean keyValues = EntityQuery.keyValues(EntityQuery.parameters(ctx));
    String id = ctx.pathParam("entityId");
    Scope scope = Caller.scopeOf(ctx);
    LotsNow now = lots.lots();
    for (String type : List.of(ParkingEntities.OFF_STREET, ParkingEntities.ON_STREET)) {
      String prefix = ParkingEntities.URN + type + ":";
      if (id.startsWith(prefix)) {
        LotNow lot = now.get(id.substring(prefix.length()));
        if (lot == null || !scope.seesLotsOf(lot.district()) || !ParkingEntities.typeOf(lot).equals(type)) {
          throw unknown(id);
        }
        Buffer entity = Buffer.buffer(ENTITY_BYTES);
        entities.writeLot(entity, lot, keyValues, representation.contextMember(ctx));
        representation.send(ctx, entity);
        return;
      }
    }
    String spotPrefix = ParkingEntities.URN + ParkingEntities.SPOT + ":";
    if (!id.startsWith(spotPrefix)) {
      if (!id.matches("[A-Za-z][A-Za-z0-9+.-]*:.+")) {
        throw NgsiProblem.badRequest("entityId: '" + id + "' is not a URI");
      }
      throw unknown(id);
    }
    LotNow lot = siteOf(now, id.substring(spotPrefix.length()), scope);
    if (lot == null) {
      throw unknown(id);
    }
    String bayId = id.substring(spotPrefix.length() + lot.id().length() + 1);
    bays.one(lot.id(), bayId)
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(unknown(id));
          } else {
            Buffer spot = Buffer.buffer(SPOT_BYTES);
            writeSpot(spot, lot, rows.iterator().next(), keyValues, representation.contextMember(ctx));
            representation.send(ctx, spot);
          }
        })
        .onFailure(ctx::fail);
  }

  /**
   * The bay-counted lot {@code lotAndBay} ("{lotId}:{bayId}") names, seen by the scope; null when
   * none. Lot ids may hold ':' themselves, so each ':' is tried as the split, the first lot wins.
   */
  private static LotNow siteOf(LotsNow now, String lotAndBay, Scope scope) {
    for (int at = lotAndBay.indexOf(':'); at > 0 && at < lotAndBay.length() - 1; at = lotAndBay.indexOf(':', at + 1)) {
      LotNow lot = now.get(lotAndBay.substring(0, at));
      if (lot != null && lot.countedByBays() && scope.seesLotsOf(lot.district())) {
        return lot;
      }
    }
    return null;
  }

  private void writeSpot(Buffer out, LotNow lot, Row row, boolean keyValues, Buffer context) {
    var observedAt = row.getOffsetDateTime("observed_at");
    entities.writeSpot(out, lot, row.getString("bay_id"), row.getBoolean("occupied"),
        observedAt == null ? null : observedAt.toInstant(), keyValues, context);
  }

  private static NgsiProblem unknown(String id) {
    return NgsiProblem.notFound("no entity '" + id + "'");
  }
}
