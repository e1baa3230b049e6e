package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.mimo4j.data.features.LogSpectrogram;
import org.mimo4j.engine.tensor.Rng;

/**
 * Builds the AV-Digits arrays from their sources (see DATA.md): fetch MNIST and the voices, prepare
 * every clip, split voices into disjoint train/test pools, then per sample pair an MNIST image with
 * a clip of the same digit from its split's pool, mix it into one second with random offset, gain
 * and noise, and store its quantised log spectrogram.
 *
 * <p>Every sample draws from its own generator, seeded from the config seed, the split and the
 * sample index, so samples can be built in parallel and still come out identical on every run.
 */
public final class AvDigitsBuilder {
    /** Every program the full recipe runs, checked before any work starts. */
    public static final List<String> TOOLS = List.of("npm", "tar", "apt-get", "dpkg", "sox", "espeak-ng", "flite");
    private static final long SAMPLE_STRIDE = 0x9E3779B97F4A7C15L;

    private final AvDigitsConfig config;
    private final Path sources;
    private final Progress progress;
    private final Manifest manifest = new Manifest();

    /**
     * @param sources folder where downloaded packages and synthesised clips are cached between builds
     */
    public AvDigitsBuilder(AvDigitsConfig config, Path sources, Progress progress) {
        this.config = config;
        this.sources = sources;
        this.progress = progress;
    }

    /** Runs the whole recipe and returns the three splits with the manifest describing them. */
    public Built build() throws IOException {
        for (String tool : TOOLS) {
            Tools.require(tool);
        }
        manifest.put("config", config.key()).put("config.hash", config.hash());
        Path mnist = MnistSource.fetch(sources, progress);
        manifest.putAll(MnistSource.provenance());
        Map<Voice, float[][]> clips = prepare(voiceFiles());
        Rng rng = new Rng(config.seed());
        VoiceSplit voices = VoiceSplit.split(new ArrayList<>(clips.keySet()), config.testVoiceFraction(), rng.split());
        manifest.put("voices.train", ids(voices.train())).put("voices.test", ids(voices.test()));
        progress.report("voices: " + voices.train().size() + " train, " + voices.test().size() + " test (disjoint)");
        MnistSource.Split train = MnistSource.read(mnist, "train");
        MnistSource.Split test = MnistSource.read(mnist, "t10k");
        int[] trainPick = pick(train.labels().size(0), config.trainSize() + config.validationSize(), rng.split());
        int[] testPick = pick(test.labels().size(0), config.testSize(), rng.split());
        SplitArrays trainSplit = split("train", train, Arrays.copyOfRange(trainPick, 0, config.trainSize()),
                voices.train(), clips, rng.nextLong());
        SplitArrays valSplit = split("validation", train, Arrays.copyOfRange(trainPick, config.trainSize(), trainPick.length),
                voices.train(), clips, rng.nextLong());
        SplitArrays testSplit = split("test", test, testPick, voices.test(), clips, rng.nextLong());
        return new Built(trainSplit, valSplit, testSplit, manifest);
    }

    /** The arrays of the three splits and the manifest (without split checksums, which the caller adds). */
    public record Built(SplitArrays train, SplitArrays validation, SplitArrays test, Manifest manifest) {
    }

    private List<VoiceFiles> voiceFiles() throws IOException {
        List<VoiceFiles> files = new ArrayList<>();
        Map<String, String> provenance = new TreeMap<>();
        if (config.recordedVoices()) {
            files.addAll(RecordedVoices.fetch(sources, provenance, progress));
        }
        String espeak = Tools.version("espeak-ng");
        String flite = Tools.version("flite");
        files.addAll(SyntheticVoices.espeak(sources, espeak, config.espeakLanguages(), config.espeakVariants(), progress));
        files.addAll(SyntheticVoices.flite(sources, flite, config.fliteVoices(), progress));
        manifest.putAll(provenance).put("tool.espeak-ng", espeak).put("tool.flite", flite)
                .put("tool.sox", Tools.version("sox"));
        return files;
    }

    private Map<Voice, float[][]> prepare(List<VoiceFiles> files) throws IOException {
        progress.report("preparing " + files.size() * 10 + " clips of " + files.size() + " voices (resample to "
                + config.sampleRate() + " Hz, trim silence, peak-normalise)");
        ClipPreparer preparer = new ClipPreparer(config.sampleRate());
        Map<Voice, float[][]> clips = new HashMap<>();
        for (VoiceFiles vf : files) {
            float[][] c = new float[10][];
            for (int d = 0; d < 10; d++) {
                c[d] = preparer.prepare(vf.wavs().get(d));
            }
            clips.put(vf.voice(), c);
        }
        return clips;
    }

    /** The first {@code k} entries of a seeded permutation of {@code 0..n-1}. */
    private static int[] pick(int n, int k, Rng rng) {
        int[] all = IntStream.range(0, n).toArray();
        rng.shuffle(all);
        return Arrays.copyOf(all, k);
    }

    private SplitArrays split(String name, MnistSource.Split mnist, int[] picks, List<Voice> pool,
                              Map<Voice, float[][]> clips, long seed) {
        progress.report("building " + name + ": " + picks.length + " samples");
        int freq = config.spectrogram().outFreq();
        int time = config.spectrogram().outTime();
        int pixels = SplitArrays.IMAGE_SIDE * SplitArrays.IMAGE_SIDE;
        byte[] images = new byte[picks.length * pixels];
        byte[] audio = new byte[picks.length * freq * time];
        byte[] labels = new byte[picks.length];
        AudioMixer mixer = new AudioMixer(config.sampleRate(), config.gainMinDb(), config.gainMaxDb(),
                config.snrMinDb(), config.snrMaxDb());
        ThreadLocal<LogSpectrogram> spec = ThreadLocal.withInitial(() -> new LogSpectrogram(config.spectrogram()));
        IntStream.range(0, picks.length).parallel().forEach(i -> {
            int label = mnist.labels().bytes()[picks[i]];
            System.arraycopy(mnist.images().bytes(), picks[i] * pixels, images, i * pixels, pixels);
            labels[i] = (byte) label;
            Rng rng = new Rng(seed + SAMPLE_STRIDE * (i + 1L));
            Voice voice = pool.get(rng.nextInt(pool.size()));
            float[] wave = mixer.mix(clips.get(voice)[label], rng);
            byte[] q = SpectrogramQuantizer.quantize(spec.get().compute(wave));
            System.arraycopy(q, 0, audio, i * q.length, q.length);
        });
        return new SplitArrays(name, images, audio, labels, freq, time);
    }

    private static String ids(List<Voice> voices) {
        return String.join(" ", voices.stream().map(Voice::id).toList());
    }
}
