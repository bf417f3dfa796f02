package org.mailplex.webadmin.dto;

/** A parked mail handed by an admin to an operator. */
public class AssignmentDto {
    private final String key;
    private final String operator;

    public AssignmentDto(String key, String operator) {
        this.key = key;
        this.operator = operator;
    }

    public String getKey() {
        return key;
    }

    public String getOperator() {
        return operator;
    }
}
