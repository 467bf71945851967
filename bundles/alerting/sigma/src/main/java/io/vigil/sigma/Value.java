package io.vigil.sigma;

import java.math.BigDecimal;

/** A value of a detection as YAML types it, and as the transformation modifiers turn it. */
sealed interface Value {

    /** A string: its text as the rule wrote it (what {@code re}, {@code cidr} and {@code fieldref} take) and as a pattern. */
    record Text(String raw, SigmaString pattern) implements Value {
        static Text of(String raw) {
            return new Text(raw, SigmaString.parse(raw));
        }

        static Text literal(String text) {
            return new Text(text, SigmaString.literal(text));
        }
    }

    record Number(BigDecimal number) implements Value {
    }

    record Bool(boolean value) implements Value {
    }

    record Null() implements Value {
    }

    /** What the UTF-16 modifiers make, for an encoding modifier after them. */
    record Bytes(byte[] bytes) implements Value {
    }
}
