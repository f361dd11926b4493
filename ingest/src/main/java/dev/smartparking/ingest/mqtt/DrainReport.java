package dev.smartparking.ingest.mqtt;

/**
 * What a stopping server's drain did: the connections it closed, the messages it committed and
 * acknowledged after it stopped reading, and those it read but leaves unacknowledged.
 */
record DrainReport(int connections, long committed, long acknowledged, long unacknowledged) {

  static final DrainReport NONE = new DrainReport(0, 0, 0, 0);

  DrainReport plus(DrainReport other) {
    return new DrainReport(connections + other.connections, committed + other.committed,
        acknowledged + other.acknowledged, unacknowledged + other.unacknowledged);
  }
}
