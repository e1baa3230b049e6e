package org.mimo4j.bench.report;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The machine a report's numbers came from, as Linux describes it in {@code /proc/cpuinfo} (and the
 * cpufreq maximum where the kernel exposes one): CPU model, logical processors, physical cores and
 * clocks.
 *
 * @param cpuModel    the {@code model name} line ("unknown" when absent, e.g. on some ARM kernels)
 * @param processors  logical processors listed
 * @param cores       distinct (physical id, core id) pairs; equals processors when the ids are absent
 * @param currentMhz  the {@code cpu MHz} values seen, distinct, as printed ("" when absent)
 * @param maxMhz      cpufreq's {@code cpuinfo_max_freq} in MHz, or 0 when not exposed
 */
public record Machine(String cpuModel, int processors, int cores, String currentMhz, int maxMhz) {

    /** Parses {@code /proc/cpuinfo} text; {@code maxFreqKhz} is cpufreq's value or null. */
    public static Machine parse(String cpuinfo, String maxFreqKhz) {
        String model = "unknown";
        int processors = 0;
        Set<String> cores = new LinkedHashSet<>();
        Set<String> mhz = new LinkedHashSet<>();
        String physical = "";
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            switch (key) {
                case "processor" -> processors++;
                case "model name" -> model = value;
                case "physical id" -> physical = value;
                case "core id" -> cores.add(physical + "/" + value);
                case "cpu MHz" -> mhz.add(value);
                default -> { }
            }
        }
        int max = maxFreqKhz == null || maxFreqKhz.isBlank() ? 0 : Integer.parseInt(maxFreqKhz.trim()) / 1000;
        return new Machine(model, processors, cores.isEmpty() ? processors : cores.size(), String.join(", ", mhz), max);
    }

    /** One line for the report header. */
    public String describe() {
        String clocks = currentMhz.isEmpty() ? "clock not reported" : "cpu MHz " + currentMhz;
        if (maxMhz > 0) {
            clocks += ", max " + maxMhz + " MHz";
        }
        return cpuModel + " - " + processors + " logical processors, " + cores + " cores - " + clocks;
    }
}
