package dev.smartparking.simulator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smartparking.simulator.city.City;
import dev.smartparking.simulator.city.CityGenerator;
import dev.smartparking.simulator.city.CityParameters;
import dev.smartparking.simulator.city.Cover;
import dev.smartparking.simulator.city.JiaozuoReference;
import dev.smartparking.simulator.city.Lot;
import dev.smartparking.simulator.city.SeededSecrets;
import dev.smartparking.simulator.city.Unit;
import dev.smartparking.simulator.ledger.Answer;
import dev.smartparking.simulator.ledger.LedgerEntry;
import dev.smartparking.simulator.ledger.LotTruth;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTablesTest {

  private static final City CITY =
      new CityGenerator(JiaozuoReference.load(), new SeededSecrets(3)).generate(CityParameters.of(3, 0.02));
  private static final Lot FIRST = CITY.lots().get(0);

  /** The first lot acknowledged a status; the second's only message went unanswered. */
  private static final List<LedgerEntry> LEDGER = List.of(
      entry(FIRST, Answer.ACKED), entry(CITY.lots().get(1), Answer.UNANSWERED));

  @Test
  void agreesWithLedgersThatMatchTheCityAndTheRun() {
    assertThat(LedgerTables.of(coversAnswer(0), onboardingAnswer(0)).differences(CITY, LEDGER)).isEmpty();
  }

  @Test
  void namesAUnitWhoseCoversDiffer() {
    List<String> differences = LedgerTables.of(coversAnswer(1), onboardingAnswer(0)).differences(CITY, LEDGER);

    assertThat(differences).singleElement().asString()
        .startsWith("covers ledger: unit " + CITY.units().get(0).id() + " covers: the API reports");
  }

  @Test
  void namesADistrictWithMoreLotsOnboardedThanTheRunCouldHaveMade() {
    List<String> differences = LedgerTables.of(coversAnswer(0), onboardingAnswer(2)).differences(CITY, LEDGER);

    assertThat(differences).singleElement().asString()
        .startsWith("onboarding ledger: district " + FIRST.districtCode() + " has");
  }

  @Test
  void rendersBothLedgersWithChineseNames() {
    String text = LedgerTables.of(coversAnswer(0), onboardingAnswer(0)).render();

    assertThat(text).contains("covers ledger, ").contains("onboarding ledger:").contains("温县住建局");
  }

  /** The covers ledger of the city as the API would give it, the first unit's covers off by {@code error}. */
  private static JsonObject coversAnswer(int error) {
    JsonArray units = new JsonArray();
    for (Unit unit : CITY.units()) {
      long covers = CITY.covers().stream().map(Cover::unitId).filter(unit.id()::equals).count();
      units.add(new JsonObject().put("rank", 1).put("unit_id", unit.id()).put("unit", unit.name())
          .put("district", null).put("target", unit.coverTarget().getAsInt())
          .put("covers", covers + (unit == CITY.units().get(0) ? error : 0)).put("covers_reporting", 0)
          .put("reporting_rate", 0.0).put("alarms_raised", 0).put("alarms_open", 0).put("alarms_resolved", 0)
          .put("median_resolve_s", null));
    }
    return new JsonObject().put("from", "2026-12-01T00:00:00.000Z").put("to", "2027-01-01T00:00:00.000Z")
        .put("units", units);
  }

  /** The onboarding ledger: the first lot's district with {@code extra} more lots onboarded than the run made. */
  private static JsonObject onboardingAnswer(int extra) {
    JsonArray districts = new JsonArray();
    CITY.districts().forEach(d -> {
      List<Lot> lots = CITY.lots().stream().filter(l -> l.districtCode().equals(d.code())).toList();
      long onboarded = lots.contains(FIRST) ? 1 + extra : 0;
      districts.add(new JsonObject().put("rank", 1).put("district", d.code()).put("name", d.name())
          .put("lots", lots.size()).put("lots_onboarded", onboarded).put("lots_reporting", onboarded)
          .put("onboarding_rate", 0.5).put("reporting_rate", 0.5));
    });
    return new JsonObject().put("districts", districts);
  }

  private static LedgerEntry entry(Lot lot, Answer answer) {
    return new LedgerEntry("gw-" + lot.id(), "v1/lots/" + lot.id() + "/status", 1L, 1L, 1, LedgerEntry.ACCEPTED,
        answer, answer == Answer.ACKED ? 0 : -1, new LotTruth(lot.id(), 10, 5, false), "00", null, 1L);
  }
}
