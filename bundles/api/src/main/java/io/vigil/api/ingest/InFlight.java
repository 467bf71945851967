package io.vigil.api.ingest;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The memory all inputs together may hold in what they received and have not settled, counted in bytes: one budget,
 * so that many large requests at once, or a flood on one input, cannot exhaust the heap. An input takes bytes before
 * it reads what it received and gives them back once the events are settled (indexed, dropped, dead-lettered or
 * failed); when the budget is spent it pushes back: HTTP answers 429, queue consumers wait (and stop consuming), UDP
 * drops and counts.
 */
@ProviderType
public interface InFlight {

    /** Bytes from the budget now, or {@code null} when they are not there. More than the whole budget takes all of it. */
    Lease tryTake(long bytes);

    /** Bytes from the budget, waiting up to {@code timeout} for them; {@code null} when the time is up. */
    Lease take(long bytes, Duration timeout) throws InterruptedException;

    /** The budget's size in bytes. */
    long capacity();

    /** Bytes taken now. */
    long taken();

    /** Bytes taken, given back by {@link #close()} (once, whatever calls it again). */
    @ProviderType
    interface Lease extends AutoCloseable {

        /** Gives back what is over {@code bytes} now: what was read turned out smaller than what was taken for it. */
        void keep(long bytes);

        /** Gives the bytes back when {@code settled} completes, however; a {@link #close()} before that does nothing. */
        void closeWhen(CompletionStage<?> settled);

        @Override
        void close();
    }
}
