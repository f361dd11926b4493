package dev.smartparking.ingest.decode;

import dev.smartparking.ingest.Outcome;

/** A device fault: the message is stored in rejected_messages with this reason and detail, then acknowledged. */
public record Rejected(Inbound inbound, Outcome reason, String detail) implements Verdict {}
