package dev.smartparking.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CityGeneratorTest {

  private static final JiaozuoReference JIAOZUO = JiaozuoReference.load();
  private static final Set<String> URBAN = Set.of("解放区", "中站区", "马村区", "山阳区", "高新区");

  private static City generate(long seed, double scale) {
    return new CityGenerator(JIAOZUO, new SeededSecrets(seed)).generate(CityParameters.of(seed, scale));
  }

  private static City generate(CityParameters parameters) {
    return new CityGenerator(JIAOZUO, new SeededSecrets(parameters.seed())).generate(parameters);
  }

  @Test
  void idsArePaddedExactlyAsFormatPadsThem() {
    for (int value : new int[] {0, 7, 42, 999, 1000, 12_345, 1_000_000}) {
      for (int width : new int[] {2, 3, 4, 6}) {
        assertThat(CityGenerator.zeroPadded(value, width)).isEqualTo(("%0" + width + "d").formatted(value));
      }
    }
  }

  @Test
  void jiaozuoAtScaleOneHasElevenDistrictsTwentyThreeUnitsAnd8120Covers() {
    City city = generate(7, 1.0);

    assertThat(city.districts()).hasSize(11);
    assertThat(city.units()).hasSize(23);
    assertThat(city.covers()).hasSize(8120);
  }

  @Test
  void districtLotCountsFollowGasHouseholdWeights() {
    City city = generate(7, 1.0);
    long households = city.districts().stream().mapToLong(District::gasHouseholds).sum();
    Map<String, Long> lotsPerDistrict =
        city.lots().stream().collect(Collectors.groupingBy(Lot::districtCode, Collectors.counting()));

    assertThat(city.lots()).hasSize(433); // 722,352 households / 10,000 × 6
    for (District district : city.districts()) {
      double quota = city.lots().size() * (double) district.gasHouseholds() / households;
      assertThat(lotsPerDistrict.getOrDefault(district.code(), 0L).doubleValue())
          .as(district.name())
          .isCloseTo(quota, within(1.0));
    }
    assertThat(lotsPerDistrict.get("410802")).isGreaterThan(4 * lotsPerDistrict.get("410804")); // 解放区 vs 马村区
  }

  @Test
  void unitCoverCountsAreHonouredAtScaleOne() {
    City city = generate(7, 1.0);
    Map<String, Long> coversPerUnit =
        city.covers().stream().collect(Collectors.groupingBy(Cover::unitId, Collectors.counting()));

    for (int i = 0; i < city.units().size(); i++) {
      Unit unit = city.units().get(i);
      ReferenceUnit row = JIAOZUO.units().get(i);
      assertThat(unit.name()).isEqualTo(row.name());
      assertThat(coversPerUnit.get(unit.id())).as(unit.name()).isEqualTo(row.coversTarget());
    }
  }

  @Test
  void scaleFactorMultipliesCoverCounts() {
    Map<String, Long> atOne = coversPerUnit(generate(7, 1.0));
    Map<String, Long> atTwo = coversPerUnit(generate(7, 2.0));
    Map<String, Long> atTwentieth = coversPerUnit(generate(7, 0.05));

    assertThat(atTwo.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2 * 8120);
    atOne.forEach((unit, count) -> assertThat(atTwo.get(unit)).as(unit).isEqualTo(2 * count));
    atOne.forEach(
        (unit, count) -> assertThat(atTwentieth.get(unit)).as(unit).isEqualTo(Math.max(1, Math.round(count * 0.05))));
    assertThat(atTwentieth.get("U-01")).isEqualTo(100); // 温县住建局: 2000 × 0.05
  }

  @Test
  void everyUnitKeepsAtLeastOneCoverAtTinyScales() {
    City city = generate(7, 0.001);

    assertThat(coversPerUnit(city)).hasSize(23).allSatisfy((unit, count) -> assertThat(count).isGreaterThanOrEqualTo(1));
  }

  @Test
  void scaleZeroGivesAnEmptyCityOfDistrictsAndUnits() {
    City city = generate(7, 0.0);

    assertThat(city.districts()).hasSize(11);
    assertThat(city.units()).hasSize(23);
    assertThat(city.lots()).isEmpty();
    assertThat(city.covers()).isEmpty();
    assertThat(city.devices()).isEmpty();
  }

  @Test
  void cityWideUnitsSpreadTheirCoversOverTheUrbanDistricts() {
    City city = generate(7, 1.0);
    Map<String, String> nameByCode = city.districts().stream().collect(Collectors.toMap(District::code, District::name));
    Unit water = city.units().stream().filter(u -> u.name().equals("市水务公司")).findFirst().orElseThrow();

    Set<String> waterDistricts =
        city.covers().stream()
            .filter(c -> c.unitId().equals(water.id()))
            .map(c -> nameByCode.get(c.districtCode()))
            .collect(Collectors.toSet());

    assertThat(water.districtCode()).isEmpty();
    assertThat(waterDistricts).isEqualTo(URBAN);
  }

  @Test
  void unitsWithADistrictKeepTheirCoversThere() {
    City city = generate(7, 0.3);
    Map<String, Unit> units = city.units().stream().collect(Collectors.toMap(Unit::id, Function.identity()));

    assertThat(city.covers())
        .filteredOn(c -> units.get(c.unitId()).districtCode().isPresent())
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.districtCode()).isEqualTo(units.get(c.unitId()).districtCode().get()));
  }

  @Test
  void gaoxinGetsAClearlyUnofficialCodeAndOthersTheirAdminCodes() {
    City city = generate(7, 0.1);
    Map<String, String> codeByName = city.districts().stream().collect(Collectors.toMap(District::name, District::code));

    assertThat(codeByName.get("高新区")).isEqualTo("jz-gaoxin");
    for (ReferenceDistrict row : JIAOZUO.districts()) {
      row.adminCode().ifPresent(code -> assertThat(codeByName.get(row.name())).isEqualTo(code).matches("4108\\d\\d"));
    }
  }

  @Test
  void urbanDistrictsAreTheFourDistrictsAndTheDevelopmentZone() {
    City city = generate(7, 0.1);

    assertThat(city.districts().stream().filter(District::urban).map(District::name)).containsExactlyInAnyOrderElementsOf(URBAN);
  }

  @Test
  void sameSeedGivesSameCity() {
    assertThat(generate(42, 0.2)).isEqualTo(generate(42, 0.2));
  }

  @Test
  void differentSeedsGiveDifferentCities() {
    City one = generate(1, 0.2);
    City two = generate(2, 0.2);

    assertThat(one.lots()).isNotEqualTo(two.lots());
    assertThat(one.covers()).isNotEqualTo(two.covers());
    assertThat(one.devices().get(0).secret()).isNotEqualTo(two.devices().get(0).secret());
  }

  @Test
  void lotsAndCoversLieInsideTheirDistrictBox() {
    City city = generate(7, 1.0);
    Map<String, District> byCode = city.districts().stream().collect(Collectors.toMap(District::code, Function.identity()));

    assertThat(city.lots())
        .allSatisfy(l -> assertThat(byCode.get(l.districtCode()).box().contains(l.location().lat(), l.location().lon())).isTrue());
    assertThat(city.covers())
        .allSatisfy(c -> assertThat(byCode.get(c.districtCode()).box().contains(c.location().lat(), c.location().lon())).isTrue());
  }

  @Test
  void onStreetShareDecidesHowManyLotsAreBaysCounted() {
    City none = generate(new CityParameters(7, 1.0, 6, 0.0));
    City all = generate(new CityParameters(7, 1.0, 6, 1.0));
    City quarter = generate(new CityParameters(7, 1.0, 6, 0.25));

    assertThat(none.lots()).allSatisfy(l -> assertThat(l.counting()).isEqualTo(Counting.STATUS));
    assertThat(all.lots()).allSatisfy(l -> assertThat(l.kind()).isEqualTo(LotKind.ON_STREET));
    long onStreet = quarter.lots().stream().filter(l -> l.counting() == Counting.BAYS).count();
    assertThat((double) onStreet / quarter.lots().size()).isCloseTo(0.25, within(0.02));
  }

  @Test
  void bayCountedLotsListOneUniqueBayPerSpace() {
    City city = generate(7, 1.0);

    assertThat(city.lots())
        .filteredOn(l -> l.counting() == Counting.BAYS)
        .isNotEmpty()
        .allSatisfy(
            l -> {
              assertThat(l.bays()).hasSize(l.capacity()).doesNotHaveDuplicates();
              assertThat(l.bays()).allSatisfy(bay -> assertThat(bay).hasSizeBetween(1, 32));
              assertThat(l.id()).startsWith("S-");
            });
    assertThat(city.lots())
        .filteredOn(l -> l.counting() == Counting.STATUS)
        .allSatisfy(l -> assertThat(l.bays()).isEmpty());
  }

  @Test
  void capacitiesStayWithinTheirKindsRange() {
    City city = generate(7, 3.0);

    assertThat(city.lots())
        .allSatisfy(
            l -> assertThat(l.capacity()).isBetween(l.kind().capacity().min(), l.kind().capacity().max()));
    assertThat(city.lots().stream().map(Lot::kind).collect(Collectors.toSet())).containsExactlyInAnyOrder(LotKind.values());
  }

  @Test
  void identifiersAreSafeInMqttTopicsAndFollowTheNamingScheme() {
    City city = generate(7, 1.0);
    String identifier = "[A-Za-z0-9_.:-]{1,64}";

    assertThat(city.districts()).allSatisfy(d -> assertThat(d.code()).matches("[A-Za-z0-9_.:-]{1,32}"));
    assertThat(city.lots()).allSatisfy(l -> assertThat(l.id()).matches("[LS]-" + l.districtCode() + "-\\d{4}"));
    assertThat(city.covers()).allSatisfy(c -> assertThat(c.id()).matches("C-\\d{6}"));
    assertThat(city.devices()).allSatisfy(d -> assertThat(d.id()).matches(identifier));
    Set<String> ids = new HashSet<>();
    city.lots().forEach(l -> assertThat(ids.add(l.id())).as(l.id()).isTrue());
    city.devices().forEach(d -> assertThat(ids.add(d.id())).as(d.id()).isTrue());
  }

  @Test
  void eachLotHasOneGatewayOfItsCountingKindAndEachCoverOneSensor() {
    City city = generate(7, 0.5);
    Map<String, List<Device>> byLot =
        city.devices().stream().filter(d -> !d.lots().isEmpty()).collect(Collectors.groupingBy(d -> d.lots().get(0)));
    Map<String, List<Device>> byCover =
        city.devices().stream().filter(d -> !d.covers().isEmpty()).collect(Collectors.groupingBy(d -> d.covers().get(0)));

    assertThat(city.devices()).hasSize(city.lots().size() + city.covers().size());
    for (Lot lot : city.lots()) {
      DeviceKind expected = lot.counting() == Counting.STATUS ? DeviceKind.LOT_GATEWAY : DeviceKind.BAY_GATEWAY;
      assertThat(byLot.get(lot.id())).singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo(expected));
    }
    for (Cover cover : city.covers()) {
      assertThat(byCover.get(cover.id()))
          .singleElement()
          .satisfies(d -> assertThat(d.kind()).isEqualTo(DeviceKind.COVER_SENSOR));
    }
  }

  private static Map<String, Long> coversPerUnit(City city) {
    return city.covers().stream().collect(Collectors.groupingBy(Cover::unitId, Collectors.counting()));
  }
}
