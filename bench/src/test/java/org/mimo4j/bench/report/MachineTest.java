package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineTest {
    private static final String TWO_THREADS_ONE_CORE = """
            processor	: 0
            model name	: AMD EPYC 7B13
            cpu MHz		: 2450.000
            physical id	: 0
            core id		: 0

            processor	: 1
            model name	: AMD EPYC 7B13
            cpu MHz		: 2450.000
            physical id	: 0
            core id		: 0
            """;

    @Test
    void countsLogicalProcessorsAndDistinctCores() {
        Machine m = Machine.parse(TWO_THREADS_ONE_CORE, "3500000\n");
        assertEquals("AMD EPYC 7B13", m.cpuModel());
        assertEquals(2, m.processors());
        assertEquals(1, m.cores());
        assertEquals("2450.000", m.currentMhz());
        assertEquals(3500, m.maxMhz());
        assertTrue(m.describe().contains("max 3500 MHz"), m.describe());
    }

    @Test
    void missingIdsAndClocksFallBack() {
        Machine m = Machine.parse("processor : 0\nprocessor : 1\nprocessor : 2\n", null);
        assertEquals("unknown", m.cpuModel());
        assertEquals(3, m.cores());
        assertEquals(0, m.maxMhz());
        assertTrue(m.describe().contains("clock not reported"), m.describe());
    }
}
