package io.vigil.actions;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code count} notifications per key (an action and a rule) in a period that starts with the first of them;
 * the ones beyond are held back and counted, and the next notification let through says how many it stands for.
 * A count of 0 lets everything through.
 */
public final class Throttle {

    /** Whether to send the notification, and how many held-back alerts this notification stands for besides itself. */
    public record Decision(boolean send, long folded) {
    }

    private static final class Window {
        Instant start;
        int sent;
        long held;
    }

    private final int count;
    private final Duration period;
    private final Map<String, Window> windows = new HashMap<>();

    public Throttle(int count, Duration period) {
        this.count = count;
        this.period = period;
    }

    public synchronized Decision decide(String key, Instant now) {
        if (count <= 0) {
            return new Decision(true, 0);
        }
        Window window = windows.computeIfAbsent(key, k -> new Window());
        if (window.start == null || !now.isBefore(window.start.plus(period))) {
            window.start = now;
            window.sent = 0;
        }
        if (window.sent >= count) {
            window.held++;
            return new Decision(false, 0);
        }
        window.sent++;
        long folded = window.held;
        window.held = 0;
        return new Decision(true, folded);
    }
}
