package dev.smartparking.simulator.city;

import java.util.Optional;

/** One row of the bureau's manhole-cover ledger: a responsible unit and its 2023 figures. */
public record ReferenceUnit(String name, Optional<String> districtName, int coversTarget, int coversDone) {}
