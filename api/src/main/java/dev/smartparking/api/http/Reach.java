package dev.smartparking.api.http;

/**
 * What a route declares about scoped tokens ({@link Scope}); {@link BearerAuth#guard} records it
 * on the route, and a test walks the router so that no route goes without one.
 */
public enum Reach {
  /** The route narrows what it answers to the caller's scope: lists filtered, ids outside it 404. */
  SCOPED,
  /** City-wide data or administration: a scoped token is refused (403). */
  CITY_WIDE,
  /** No token at all: the contract, health and metrics. */
  OPEN;

  /** The key of the route's metadata that holds its reach. */
  public static final String KEY = Reach.class.getName();
}
