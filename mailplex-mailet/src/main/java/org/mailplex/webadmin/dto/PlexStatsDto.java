package org.mailplex.webadmin.dto;

import java.util.List;

/** {@code GET /mailplex/{plex}/stats}. */
public class PlexStatsDto {
    private final String plex;
    private final long dispatched;
    private final WaitedDto waited;
    private final List<OperatorStatsDto> operators;

    public PlexStatsDto(String plex, long dispatched, WaitedDto waited, List<OperatorStatsDto> operators) {
        this.plex = plex;
        this.dispatched = dispatched;
        this.waited = waited;
        this.operators = operators;
    }

    public String getPlex() {
        return plex;
    }

    public long getDispatched() {
        return dispatched;
    }

    public WaitedDto getWaited() {
        return waited;
    }

    public List<OperatorStatsDto> getOperators() {
        return operators;
    }

    public static class OperatorStatsDto {
        private final String operator;
        private final long dispatched;
        private final WaitedDto waited;

        public OperatorStatsDto(String operator, long dispatched, WaitedDto waited) {
            this.operator = operator;
            this.dispatched = dispatched;
            this.waited = waited;
        }

        public String getOperator() {
            return operator;
        }

        public long getDispatched() {
            return dispatched;
        }

        public WaitedDto getWaited() {
            return waited;
        }
    }
}
