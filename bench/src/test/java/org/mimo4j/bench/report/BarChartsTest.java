package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartsTest {

    @Test
    void writesOnePngPerFamily(@TempDir Path dir) throws IOException {
        List<Path> files = BarCharts.write(ComparisonTest.sample(), dir);
        assertEquals(List.of(dir.resolve("conv2d-fwd.png"), dir.resolve("gram.png"), dir.resolve("sgemm.png")), files);
        for (Path f : files) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(f), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, f.toString());
        }
    }

    @Test
    void chartHasASeriesPerSystemThatRanTheFamily() {
        assertEquals(java.util.Set.of("mimo4j-cpu", "mimo4j-opencl", "numpy", "torch"),
                BarCharts.chart(ComparisonTest.sample(), "sgemm").getSeriesMap().keySet());
        assertEquals(java.util.Set.of("mimo4j-cpu", "torch"),
                BarCharts.chart(ComparisonTest.sample(), "conv2d-fwd").getSeriesMap().keySet());
    }
}
