package dev.smartparking.api.http;

/** API roles; each includes the ones before it (an admin may do all an operator may, and so on). */
public enum Role {
  READER,
  OPERATOR,
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }
}
