package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.ImageReader;
import org.mimo4j.data.io.NdArray;

/**
 * Picks {@code count} frames from a clip's folder of JPEG/PNG frames (sorted by file name, evenly
 * spaced: frame {@code floor(i * n / count)}, the deterministic form of the published loaders' pick)
 * and reads them as RGB bytes {@code [count, 3, size, size]}.
 */
record ClipFrames(int count, int size) {

    ClipFrames {
        if (count < 1 || size < 1) {
            throw new IllegalArgumentException("frame count and size must be positive, got " + count + " and " + size);
        }
    }

    int[] shape() {
        return new int[] {count, 3, size, size};
    }

    /** Reads the frames of {@code dir} into {@code out} at {@code offset} (count * 3 * size * size bytes). */
    void read(Path dir, byte[] out, int offset) throws IOException {
        List<Path> frames = list(dir);
        if (frames.size() < count) {
            throw new DataFormatException(dir.toString(), "frame folder", frames.size() + " frames; expected at least "
                    + count + " .jpg/.png files");
        }
        int frameBytes = 3 * size * size;
        for (int i = 0; i < count; i++) {
            Path frame = frames.get((int) ((long) i * frames.size() / count));
            NdArray img = ImageReader.read(frame, ImageReader.ColorMode.RGB, size, size);
            System.arraycopy(img.bytes(), 0, out, offset + i * frameBytes, frameBytes);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "frame folder missing");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted().toList();
        }
    }
}
