package io.vigil.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionsTest {

    /** Signing in again and again keeps at most twenty sessions of one user: the least recently used end first. */
    @Test
    void oneUserHoldsTwentySessionsAtMost() {
        TestClock clock = new TestClock("2026-12-07T10:00:00Z");
        Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), false, clock, user -> user);
        List<Sessions.Session> opened = new ArrayList<>();
        for (int i = 0; i < Sessions.PER_USER + 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            opened.add(sessions.open(new User("ada", Role.VIEWER), true));
        }
        Sessions.Session other = sessions.open(new User("bob", Role.VIEWER), true);
        assertEquals(Sessions.PER_USER, opened.stream().filter(sessions::live).count());
        assertFalse(sessions.live(opened.get(4)), "the fifth, least recently used of those left, ended");
        assertTrue(sessions.live(opened.get(5)));
        assertTrue(sessions.live(other), "another user's session stays");
        clock.advance(Duration.ofMinutes(31));
        assertFalse(sessions.live(opened.get(24)), "an idle session has ended, and asking does not revive it");
    }

    /** A session signed in through the realm takes the user's role now, and ends with the user; OpenID Connect's do not. */
    @Test
    void realmSessionsFollowTheRealm() {
        Map<String, Role> realm = new HashMap<>(Map.of("ada", Role.ADMIN, "olga", Role.VIEWER));
        Sessions sessions = new Sessions(Duration.ofMinutes(30), Duration.ofHours(12), false, new TestClock("2026-12-07T10:00:00Z"),
                user -> realm.containsKey(user.name()) ? new User(user.name(), realm.get(user.name())) : null);
        Sessions.Session ada = sessions.open(new User("ada", Role.ADMIN), true);
        Sessions.Session olga = sessions.open(new User("olga", Role.HANDLER), false);
        realm.put("ada", Role.VIEWER);
        assertEquals(Role.VIEWER, sessions.find(ada.id).orElseThrow().user.role());
        realm.clear();
        assertFalse(sessions.live(ada), "removed from the realm, the user's session ends");
        assertTrue(sessions.find(ada.id).isEmpty());
        assertEquals(Role.HANDLER, sessions.find(olga.id).orElseThrow().user.role(), "the provider's role, as given at sign-in");
    }
}
