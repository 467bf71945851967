package io.vigil.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins counted before a password is checked (each check is a salted hash that costs ~100 ms on purpose),
 * so that guessing is slow and cheap to refuse, and no one can lock a user out: per name from one address (the
 * guesser's own attempts at that name), per address whatever the names (random names buy no more hashing), and per
 * name from everywhere, well above the first (many addresses guessing one name are slowed down too). Each failure
 * counts for {@code window}; what is counted is bounded (the least recently failed keys are forgotten first).
 */
final class SignInLimits {

    private static final int KEYS_MAX = 100_000;

    private final int perNameAndAddress;
    private final int perAddress;
    private final int perName;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > KEYS_MAX;
        }
    };

    SignInLimits(int perNameAndAddress, int perAddress, int perName, Duration window, Clock clock) {
        this.perNameAndAddress = perNameAndAddress;
        this.perAddress = perAddress;
        this.perName = perName;
        this.window = window;
        this.clock = clock;
    }

    /** @throws HttpError 429, saying what reached its limit and how long to wait, before any password is checked */
    synchronized void check(String name, String address) {
        Instant now = clock.instant();
        refuseAt(key(name, address), perNameAndAddress, now, "too many failed sign-ins of " + name + " from " + address);
        refuseAt(addressKey(address), perAddress, now, "too many failed sign-ins from " + address);
        refuseAt(nameKey(name), perName, now, "too many failed sign-ins of " + name + " from many addresses");
    }

    synchronized void failed(String name, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {key(name, address), addressKey(address), nameKey(name)}) {
            failures.computeIfAbsent(key, any -> new ArrayDeque<>()).addLast(now);
        }
    }

    /** A success from an address forgets that address's failures of the name (not the others'). */
    synchronized void succeeded(String name, String address) {
        failures.remove(key(name, address));
    }

    /** Failures of the name from the address counted now (for the log). */
    synchronized int count(String name, String address) {
        Deque<Instant> times = failures.get(key(name, address));
        return times == null ? 0 : times.size();
    }

    private void refuseAt(String key, int limit, Instant now, String what) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return;
        }
        while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
            times.pollFirst();
        }
        if (times.isEmpty()) {
            failures.remove(key);
        } else if (times.size() >= limit) {
            long wait = (Duration.between(now, times.peekFirst().plus(window)).toMillis() + 999) / 1000;
            throw new HttpError(429, what + ": try again in " + wait + " s");
        }
    }

    private static String key(String name, String address) {
        return "pair\u0000" + name + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "address\u0000" + address;
    }

    private static String nameKey(String name) {
        return "name\u0000" + name;
    }
}
