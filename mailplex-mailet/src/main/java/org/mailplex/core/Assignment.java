package org.mailplex.core;

import java.util.Objects;

/** One parked mail handed to one operator: the unit the dispatcher delivers, then completes or fails. */
public final class Assignment {
    private final String ticket;
    private final String operator;

    public Assignment(String ticket, String operator) {
        this.ticket = Objects.requireNonNull(ticket, "ticket");
        this.operator = Objects.requireNonNull(operator, "operator");
    }

    public String ticket() {
        return ticket;
    }

    public String operator() {
        return operator;
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof Assignment) {
            Assignment that = (Assignment) o;
            return ticket.equals(that.ticket) && operator.equals(that.operator);
        }
        return false;
    }

    @Override
    public int hashCode() {
        return Objects.hash(ticket, operator);
    }

    @Override
    public String toString() {
        return ticket + " -> " + operator;
    }
}
