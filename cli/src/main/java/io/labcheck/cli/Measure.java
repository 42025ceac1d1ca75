package io.labcheck.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's figure beside its floor, both measured in the same run: the samples (milliseconds), their median
 * and spread, and the ratio of the medians. A figure alone says little on a machine nobody else has; the floor is
 * what the same work costs without labcheck.
 */
record Measure(String name, String what, double[] samples, String floorWhat, double[] floor) {

    static double median(double[] xs) {
        return percentile(xs, 50);
    }

    static double percentile(double[] xs, int p) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    double ratio() {
        return median(samples) / median(floor);
    }

    /** Two lines: the figure, then its floor and the ratio. */
    String describe() {
        // a figure far under its floor (a diagnosis beside a wait for the kernel's timeout) keeps its digits
        String ratio = ratio() < 0.1 ? String.format("%.3f", ratio()) : String.format("%.1f", ratio());
        return String.format("%-22s %s: %s%n%-22s   floor, %s: %s  ->  %sx the floor%n", name, what, spread(samples), "",
                floorWhat, spread(floor), ratio);
    }

    private static String spread(double[] xs) {
        return String.format("median %s (p10 %s, p90 %s, %d runs)", ms(median(xs)), ms(percentile(xs, 10)),
                ms(percentile(xs, 90)), xs.length);
    }

    private static String ms(double v) {
        return v >= 1000 ? String.format("%.2f s", v / 1000) : String.format("%.1f ms", v);
    }

    /** For the JSON file: every sample, so a later run can be compared pair by pair. */
    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("what", what);
        m.put("unit", "ms");
        m.put("median", median(samples));
        m.put("p90", percentile(samples, 90));
        m.put("samples", Arrays.stream(samples).boxed().toList());
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("what", floorWhat);
        f.put("median", median(floor));
        f.put("p90", percentile(floor, 90));
        f.put("samples", Arrays.stream(floor).boxed().toList());
        m.put("floor", f);
        m.put("ratio", ratio());
        return m;
    }

    static List<Map<String, Object>> json(List<Measure> all) {
        return all.stream().map(Measure::json).toList();
    }
}
