package io.vigil.itests;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Awaitility-style polling for code that runs inside the container, where the Awaitility bundle and the
 * Hamcrest version it needs are not installed: retries an assertion until it holds or the time is up.
 */
final class Eventually {

    interface Check {
        void run() throws Exception;
    }

    private Eventually() {
    }

    static void within(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
    }
}
