package org.mimo4j.data.io;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a JPEG or PNG frame through ImageIO into an unsigned-byte {@link NdArray} of shape
 * {@code [C, H, W]} (channels first, C = 1 for grayscale or 3 for RGB), resized bilinearly to the
 * requested size. Bytes rather than floats keep thousands of video frames in memory at a quarter of
 * the size; divide by 255 when batching.
 *
 * <p>The image dimensions are read from the header and checked before decoding, so a header that
 * claims billions of pixels fails with a {@link DataFormatException} instead of exhausting memory;
 * decoder failures on damaged files become the same exception, naming the file.
 */
public final class ImageReader {
    /** The colour layout of the returned array. */
    public enum ColorMode {
        GRAY(1),
        RGB(3);

        private final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }

        public int channels() {
            return channels;
        }
    }

    /** Larger frames than 64 megapixels are not video frames; refuse before allocating. */
    static final long MAX_PIXELS = 1L << 26;
    /** Even a flat-colour PNG or JPEG needs more than one byte per this many pixels. */
    private static final long MAX_PIXELS_PER_BYTE = 2048;

    private ImageReader() {
    }

    /**
     * @param mode   grayscale or RGB output
     * @param height output height in pixels
     * @param width  output width in pixels
     */
    public static NdArray read(Path file, ColorMode mode, int height, int width) throws IOException {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("output size must be positive, got " + height + "x" + width);
        }
        BufferedImage decoded = decode(file);
        BufferedImage target = new BufferedImage(width, height,
                mode == ColorMode.GRAY ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(decoded, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return toChw(target, mode);
    }

    /** As {@link #read}, as float32 {@code [C, H, W]} values in [0, 1] (byte / 255), ready for a tensor. */
    public static NdArray readFloats(Path file, ColorMode mode, int height, int width) throws IOException {
        NdArray bytes = read(file, mode, height, width);
        float[] out = new float[bytes.numel()];
        byte[] in = bytes.bytes();
        for (int i = 0; i < out.length; i++) {
            out[i] = (in[i] & 0xFF) / 255f;
        }
        return NdArray.ofFloats(out, bytes.shape());
    }

    private static BufferedImage decode(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        long length = Files.size(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataFormatException(file.toString(), "offset 0",
                        "not a recognised image (first bytes " + firstBytes(file) + "); expected a JPEG or PNG file");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkDimensions(file, length, reader.getWidth(0), reader.getHeight(0));
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO decoders report damaged data with assorted IIOExceptions and runtime exceptions.
            throw new DataFormatException(file.toString(), "image data", "cannot decode the image ("
                    + e + "); expected an intact JPEG or PNG file", e);
        }
    }

    private static void checkDimensions(Path file, long length, int width, int height) throws DataFormatException {
        long pixels = (long) width * height;
        if (width < 1 || height < 1 || pixels > MAX_PIXELS || pixels > length * MAX_PIXELS_PER_BYTE) {
            throw new DataFormatException(file.toString(), "image header", "declared size " + width + "x" + height
                    + " is impossible for a " + length + "-byte file; expected at most " + MAX_PIXELS + " pixels");
        }
    }

    private static NdArray toChw(BufferedImage image, ColorMode mode) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] out = new byte[mode.channels() * h * w];
        int plane = h * w;
        if (mode == ColorMode.GRAY) {
            image.getRaster().getDataElements(0, 0, w, h, out);
        } else {
            int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < plane; i++) {
                out[i] = (byte) (rgb[i] >>> 16);
                out[plane + i] = (byte) (rgb[i] >>> 8);
                out[2 * plane + i] = (byte) rgb[i];
            }
        }
        return NdArray.ofBytes(DType.UINT8, out, mode.channels(), h, w);
    }

    private static String firstBytes(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (var in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        return NpyReader.hex(java.util.Arrays.copyOf(head, n));
    }
}
