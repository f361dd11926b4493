package dev.smartparking.simulator.realistic;

/**
 * A car entering ({@code in}) or leaving a lot, and the lot's free count right after it.
 *
 * @param gate the gate it passed ({@code E1}, {@code X2}, ...), for status-counted lots; else null
 * @param bay the bay it took or left, for bay-counted lots; else null
 */
public record LotEvent(boolean in, String plate, String gate, String bay, int free) {}
