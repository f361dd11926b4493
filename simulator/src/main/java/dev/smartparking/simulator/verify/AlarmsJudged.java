package dev.smartparking.simulator.verify;

/**
 * What the alarm checks judged.
 *
 * @param covers covers whose alarms were judged
 * @param alarms their alarms
 * @param events their alarms' events during the run
 * @param notJudged covers, or (cover, type) pairs, left out: a reading unanswered, or an operator acted
 */
public record AlarmsJudged(int covers, int alarms, int events, int notJudged) {}
