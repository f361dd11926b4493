package dev.smartparking.api.cover.stream;

/**
 * A place in cover_alarm_events as streams follow them: the writing transaction's id, then the
 * event id (V7). Event ids are taken before commit, so they commit out of order; transaction ids
 * below the oldest running transaction are all finished, so a position taken only from those is
 * never passed by a late commit.
 */
record FeedPosition(long txid, long eventId) implements Comparable<FeedPosition> {

  /** Before every event. */
  static final FeedPosition START = new FeedPosition(0, 0);

  /** From a row's {@code txid::text} (xid8 has no binary form the client knows) and event id. */
  static FeedPosition of(String txid, long eventId) {
    return new FeedPosition(Long.parseLong(txid), eventId);
  }

  /** As a query parameter, for {@code $n::text::xid8}. */
  String txidText() {
    return Long.toString(txid);
  }

  boolean isAfter(FeedPosition other) {
    return compareTo(other) > 0;
  }

  @Override
  public int compareTo(FeedPosition other) {
    int byTransaction = Long.compare(txid, other.txid);
    return byTransaction != 0 ? byTransaction : Long.compare(eventId, other.eventId);
  }
}
