package io.vigil.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vigil.api.ingest.InFlight;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ByteBudgetTest {

    @Test
    void bytesAreTakenUntilSpentAndGivenBackOnce() {
        ByteBudget budget = new ByteBudget(100);
        InFlight.Lease sixty = budget.tryTake(60);
        assertNotNull(sixty);
        assertNull(budget.tryTake(50), "40 left");
        InFlight.Lease forty = budget.tryTake(40);
        assertNotNull(forty);
        assertEquals(100, budget.taken());
        sixty.close();
        sixty.close();
        assertEquals(40, budget.taken(), "a second close gives nothing back twice");
        assertNull(budget.tryTake(1000), "more than the budget is all of it, not there while any is taken");
        forty.close();
        assertNotNull(budget.tryTake(1000), "more than the budget takes all of it, once the rest is back");
        assertEquals(100, budget.taken());
        assertEquals(2, budget.refused());
    }

    @Test
    void whatWasReadKeepsOnlyItsSizeAndASettlementGivesBackLater() {
        ByteBudget budget = new ByteBudget(100);
        InFlight.Lease lease = budget.tryTake(100);
        lease.keep(30);
        assertEquals(30, budget.taken());
        CompletableFuture<Void> settled = new CompletableFuture<>();
        lease.closeWhen(settled);
        lease.close();
        assertEquals(30, budget.taken(), "held until the events are settled");
        settled.completeExceptionally(new IllegalStateException("failed is settled too"));
        assertEquals(0, budget.taken());
    }

    @Test
    void aWaiterGetsTheBytesWhenTheyComeBackOrGivesUp() throws Exception {
        ByteBudget budget = new ByteBudget(100);
        InFlight.Lease all = budget.tryTake(100);
        assertNull(budget.take(10, Duration.ofMillis(50)));
        CompletableFuture<InFlight.Lease> waiting = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                waiting.complete(budget.take(10, Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                waiting.completeExceptionally(e);
            }
        });
        waiter.start();
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.TIMED_WAITING, waiter.getState(), "waits while the budget is spent");
        all.close();
        assertNotNull(waiting.get(5, TimeUnit.SECONDS));
        assertEquals(10, budget.taken());
    }
}
