package dev.smartparking.api.ngsi;

import dev.smartparking.api.availability.LotNow;

/**
 * The attributes of a lot's entity that change only with the registry (its id, name, place,
 * counting and static data), encoded once in both representations, so that an answer writes
 * them as bytes and only the live values per lot. Valid while the lot has the registry fields
 * they were made from ({@link LotNow#sameRegistry}).
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
}
