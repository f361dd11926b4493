package dev.smartparking.api.ngsi;

import dev.smartparking.api.availability.LotNow;
import java.util.Arrays;
import java.util.Objects;

/**
 * The attributes of a lot's entity that change only with the registry (its id, name, place,
 * counting and static data), encoded once in both representations, so that an answer writes
 * them as bytes and only the live values per lot. Valid while the lot's registry fields are those
 * it was made from ({@link #madeFrom}): the view's lots are new objects after every change of
 * state, their static data new arrays with the same bytes.
 *
 * @param from the lot they were encoded from
 * @param keyValues the parts in the keyValues representation
 * @param normalized the parts in the normalized representation
 */
record LotStaticParts(LotNow from, Encoded keyValues, Encoded normalized) {

  /**
   * One representation's parts, in the order of the entity: {@code head} opens it ({@code
   * {"id":…,"type":…,"name":…,"location":…}), {@code middle} comes between the spot counts and
   * the status, {@code tail} after the status; the latter two are members each after a comma.
   */
  record Encoded(byte[] head, byte[] middle, byte[] tail) {}

  Encoded of(boolean keyValues) {
    return keyValues ? this.keyValues : normalized;
  }

  /** Whether {@code lot} has the registry fields these parts were encoded from. */
  boolean madeFrom(LotNow lot) {
    return from.id().equals(lot.id()) && Objects.equals(from.name(), lot.name()) && from.lat() == lot.lat()
        && from.lon() == lot.lon() && from.countedByBays() == lot.countedByBays()
        && Arrays.equals(from.details(), lot.details());
  }
}
