package io.vigil.support.fuzz;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The seed and tries of every {@link Fuzz} property: system property {@code vigil.fuzz.seed} (a number, or
 * {@code random}; {@value #SUITE_SEED} by default) and {@code vigil.fuzz.tries} ({@value #SUITE_TRIES} by default).
 */
public class FuzzSettings implements AroundPropertyHook {

    public static final String SUITE_SEED = "20261208";
    public static final int SUITE_TRIES = 300;
    /** What one input may take before it counts as a hang: far beyond what any parser here needs for one. */
    public static final Duration HANG = Duration.ofSeconds(5);
    private static final ExecutorService WORKER = Executors.newCachedThreadPool(work -> {
        Thread thread = new Thread(work, "fuzz-try");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty("vigil.fuzz.seed", SUITE_SEED);
        if (!seed.equals("random")) {
            context.attributes().setSeed(seed);
        }
        context.attributes().setTries(Integer.getInteger("vigil.fuzz.tries", SUITE_TRIES));
        return property.execute();
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** What {@code work} gives, failing the property if it takes longer than {@link #HANG} (a loop that never ends). */
    public static <T> T quickly(Callable<T> work) throws Exception {
        Future<T> running = WORKER.submit(work);
        try {
            return running.get(HANG.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new AssertionError("no answer within " + HANG.toSeconds() + " s: it hangs");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception thrown) {
                throw thrown;
            }
            throw (Error) e.getCause();
        }
    }
}
