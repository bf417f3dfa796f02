package org.mailplex.core;

import java.util.Objects;

/** One parked mail (its queue key) handed to one operator: the unit the dispatcher delivers, then completes or fails. */
public final class Assignment {
    private final String key;
    private final String operator;

    public Assignment(String key, String operator) {
        this.key = Objects.requireNonNull(key, "key");
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    public String key() {
        return key;
    }

    public String operator() {
        return operator;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Assignment) {
            Assignment that = (Assignment) o;
            return key.equals(that.key) && operator.equals(that.operator);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator);
    }

    @Override
    public String toString() {
        return key + " -> " + operator;
    }
}
