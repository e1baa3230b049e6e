package org.mimo4j.data.formats;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.mimo4j.engine.tensor.Rng;

/** Writers for the small media files the loader tests lay out in the published folder structures. */
final class FormatFixtures {
    private FormatFixtures() {
    }

    /** A 16-bit mono PCM WAV of {@code samples} (values in [-1, 1]). */
    static void wav(Path file, int rate, float[] samples) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(44 + 2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        bb.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
                .putShort((short) 2).putShort((short) 16);
        bb.put("data".getBytes()).putInt(2 * samples.length);
        for (float s : samples) {
            bb.putShort((short) Math.round(s * 32767));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bb.array());
    }

    /** A sine of {@code hz} at half amplitude. */
    static float[] sine(int rate, double seconds, double hz) {
        float[] out = new float[(int) (rate * seconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return out;
    }

    /** {@code count} flat-colour JPEG frames named frame_00000.jpg..., colour i = {@code rgb + i}. */
    static void frames(Path dir, int count, int rgb) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    img.setRGB(x, y, rgb + i * 0x101010);
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format("frame_%05d.png", i)).toFile());
        }
    }

    /** Gaussian floats. */
    static float[] gaussian(Rng rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) rng.nextGaussian();
        }
        return out;
    }
}
