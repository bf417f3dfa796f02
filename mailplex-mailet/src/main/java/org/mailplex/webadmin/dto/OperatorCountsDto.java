package org.mailplex.webadmin.dto;

/** How many operators of a plex are free, busy and paused. */
public class OperatorCountsDto {
    private final long free;
    private final long busy;
    private final long paused;

    public OperatorCountsDto(long free, long busy, long paused) {
        this.free = free;
        this.busy = busy;
        this.paused = paused;
    }

    public long getFree() {
        return free;
    }

    public long getBusy() {
        return busy;
    }

    public long getPaused() {
        return paused;
    }
}
