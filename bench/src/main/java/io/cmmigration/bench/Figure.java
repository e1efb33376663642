package io.cmmigration.bench;

/**
 * One line of the result table: our measurement, the baseline measured in the same run (null when the figure has none),
 * and the target from the issue (as text; never asserted — targets are reported, not turned into timed tests).
 *
 * @param higherIsBetter whether a larger value of {@code ours} is better (throughput) or worse (time, memory)
 */
public record Figure(String name, String unit, Stats ours, Stats baseline, String baselineName, String target, boolean higherIsBetter,
        String note) {

    /** ours / baseline on the medians, or NaN. */
    public double ratio() {
        return baseline == null ? Double.NaN : ours.median() / baseline.median();
    }
}
