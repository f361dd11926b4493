package dev.smartparking.simulator.verify;

/**
 * What the delivery check judged.
 *
 * @param events events that had to be delivered
 * @param delivered of them, those a receiver took
 * @param duplicates deliveries of an event id already taken (at least once allows them)
 * @param refused attempts a receiver answered with other than 2xx (the server retries them)
 */
public record DeliveriesJudged(int events, int delivered, int duplicates, int refused) {}
