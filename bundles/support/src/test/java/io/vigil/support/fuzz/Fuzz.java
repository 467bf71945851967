package io.vigil.support.fuzz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A class of fuzz properties over a parser of outside bytes. In the suite they run with a fixed seed and a few hundred
 * tries each, so the suite is repeatable; {@code ./vigil fuzz} runs them with random seeds and as many tries as it is
 * given time for ({@link FuzzSettings}). A failure prints the seed and the shrunk input: the input becomes an
 * {@code @Example} of the class, the regression case.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AddLifecycleHook(FuzzSettings.class)
@Tag("fuzz")
public @interface Fuzz {
}
