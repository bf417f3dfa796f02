package org.mailplex.webadmin.dto;

import org.mailplex.state.WaitPercentiles;

/** Time waited in the queue over recent dispatches, in milliseconds. */
public class WaitedDto {
    public static WaitedDto from(WaitPercentiles percentiles) {
        return new WaitedDto(percentiles.samples(), percentiles.p50Millis(), percentiles.p95Millis(), percentiles.maxMillis());
    }

    private final int samples;
    private final long p50Millis;
    private final long p95Millis;
    private final long maxMillis;

    public WaitedDto(int samples, long p50Millis, long p95Millis, long maxMillis) {
        this.samples = samples;
        this.p50Millis = p50Millis;
        this.p95Millis = p95Millis;
        this.maxMillis = maxMillis;
    }

    public int getSamples() {
        return samples;
    }

    public long getP50Millis() {
        return p50Millis;
    }

    public long getP95Millis() {
        return p95Millis;
    }

    public long getMaxMillis() {
        return maxMillis;
    }
}
