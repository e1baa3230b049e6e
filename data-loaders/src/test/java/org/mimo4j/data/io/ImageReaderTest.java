package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mimo4j.data.io.ImageReader.ColorMode;
import org.mimo4j.engine.tensor.Rng;

class ImageReaderTest {
    @TempDir
    Path tmp;

    /** A random RGB image, saved in {@code format} ("png" or "jpg"). */
    static BufferedImage writeImage(Path file, String format, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Rng rng = new Rng(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (int) (rng.nextLong() & 0xFFFFFF));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, format, file.toFile());
        return img;
    }

    @Test
    void pngAtItsOwnSizeIsReadExactlyInChannelFirstOrder() throws IOException {
        Path file = tmp.resolve("a.png");
        BufferedImage img = writeImage(file, "png", 5, 3, 1);
        NdArray a = ImageReader.read(file, ColorMode.RGB, 3, 5);
        assertArrayEquals(new int[] {3, 3, 5}, a.shape());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                int rgb = img.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int expected = (rgb >>> (16 - 8 * c)) & 0xFF;
                    assertEquals(expected, a.getDouble(c * 15 + y * 5 + x), 0.0, "channel " + c + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void grayscaleAndResizeGiveTheRequestedShape() throws IOException {
        Path file = tmp.resolve("b.jpg");
        writeImage(file, "jpg", 40, 30, 2);
        NdArray gray = ImageReader.read(file, ColorMode.GRAY, 16, 20);
        assertArrayEquals(new int[] {1, 16, 20}, gray.shape());
        assertEquals(DType.UINT8, gray.dtype());
    }

    @Test
    void uniformColourSurvivesJpegAndResizing() throws IOException {
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                img.setRGB(x, y, 0xC85020);
            }
        }
        Path file = tmp.resolve("flat.jpg");
        ImageIO.write(img, "jpg", file.toFile());
        NdArray a = ImageReader.read(file, ColorMode.RGB, 8, 8);
        assertEquals(0xC8, a.getDouble(0), 4.0);
        assertEquals(0x50, a.getDouble(64), 4.0);
        assertEquals(0x20, a.getDouble(128), 4.0);
    }

    @Test
    void readFloatsScalesBytesToUnitRange() throws IOException {
        Path file = tmp.resolve("f.png");
        writeImage(file, "png", 6, 4, 5);
        NdArray bytes = ImageReader.read(file, ColorMode.GRAY, 4, 6);
        NdArray floats = ImageReader.readFloats(file, ColorMode.GRAY, 4, 6);
        assertEquals(DType.FLOAT32, floats.dtype());
        assertArrayEquals(new int[] {1, 4, 6}, floats.shape());
        for (int i = 0; i < 24; i++) {
            assertEquals(bytes.getDouble(i) / 255, floats.floats()[i], 1e-6, "pixel " + i);
        }
    }

    @Test
    void notAnImageSaysWhatItExpected() throws IOException {
        Path file = tmp.resolve("x.jpg");
        Files.writeString(file, "definitely not a jpeg");
        var e = assertThrows(DataFormatException.class, () -> ImageReader.read(file, ColorMode.RGB, 4, 4));
        assertTrue(e.getMessage().contains("x.jpg") && e.getMessage().contains("JPEG or PNG"), e.getMessage());
    }

    @Test
    void truncatedImagesFailWithAFormatError() throws IOException {
        for (String format : new String[] {"png", "jpg"}) {
            Path file = tmp.resolve("t." + format);
            writeImage(file, format, 20, 20, 3);
            byte[] bytes = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
            assertThrows(DataFormatException.class, () -> ImageReader.read(file, ColorMode.RGB, 4, 4), format);
        }
    }

    @Test
    void hugeDeclaredPngSizeFailsBeforeDecoding() throws IOException {
        Path file = tmp.resolve("huge.png");
        writeImage(file, "png", 4, 4, 4);
        byte[] bytes = Files.readAllBytes(file);
        // IHDR data starts at offset 16: width, height; then fix the chunk CRC so only the size lies.
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        bb.putInt(16, 1 << 20).putInt(20, 1 << 20);
        CRC32 crc = new CRC32();
        crc.update(bytes, 12, 17);
        bb.putInt(29, (int) crc.getValue());
        Files.write(file, bytes);
        var e = assertThrows(DataFormatException.class, () -> ImageReader.read(file, ColorMode.RGB, 4, 4));
        assertTrue(e.getMessage().contains("1048576x1048576"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> ImageReader.read(tmp.resolve("no.png"), ColorMode.GRAY, 2, 2));
    }
}
