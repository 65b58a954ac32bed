package de.verbund.selectors;

import java.util.Objects;

/** A validated, normalised selector. {@link #key()} is what the index stores and what checks look up. */
public record Selector(SelectorType type, String value) implements Comparable<Selector> {

    public Selector {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** {@code type:value}, e.g. {@code ip:2001:db8::1}, {@code phone:+49301234567}. */
    public String key() {
        return type.wireName() + ":" + value;
    }

    @Override
    public int compareTo(Selector o) {
        return key().compareTo(o.key());
    }
}
