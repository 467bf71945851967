package io.vigil.indices;

/**
 * What to keep of one index family: indices older than {@code closeAfterDays} are closed (kept on disk, not
 * searchable, nearly free in memory), older than {@code deleteAfterDays} deleted; 0 turns either off. An index's age
 * is counted from the end of the period it holds (a monthly index is one day old on the 2nd of the next month).
 */
public record Retention(int closeAfterDays, int deleteAfterDays) {

    public Retention {
        if (closeAfterDays < 0 || deleteAfterDays < 0) {
            throw new IllegalArgumentException("retention days are 0 (off) or more: close " + closeAfterDays + ", delete " + deleteAfterDays);
        }
    }
}
