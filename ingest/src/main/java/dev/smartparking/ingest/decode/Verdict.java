package dev.smartparking.ingest.decode;

/** What inspection made of an {@link Inbound}: data to store, or a rejection to store with its reason. */
public sealed interface Verdict permits Accepted, Rejected {}
