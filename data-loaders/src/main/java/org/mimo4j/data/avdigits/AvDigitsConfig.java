package org.mimo4j.data.avdigits;

import java.util.List;
import org.mimo4j.data.features.SpectrogramConfig;

/**
 * Everything that determines an AV-Digits build. Two builds with equal configs (and the same source
 * package and tool versions) produce identical arrays; {@link #hash()} names the cache folder.
 *
 * @param seed              seed of every random choice (image subset, voice split, pairing, offset, gain, noise)
 * @param trainSize         training samples (MNIST train images)
 * @param validationSize    validation samples: further MNIST train images, train voices (held out of train)
 * @param testSize          test samples (MNIST t10k images, test voices)
 * @param snrMinDb          lower end of the per-sample SNR range, dB of the speech over white noise
 * @param snrMaxDb          upper end of that range (the difficulty knob of the audio modality)
 * @param gainMinDb         lower end of the random clip gain, dB relative to full scale
 * @param gainMaxDb         upper end of the random clip gain
 * @param sampleRate        audio rate in Hz; the window is one second long
 * @param espeakLanguages   espeak-ng languages (each must be in {@link DigitWords})
 * @param espeakVariants    espeak-ng voice variants, combined with every language
 * @param fliteVoices       flite voices (English)
 * @param recordedVoices    whether to include the human Asterisk voices
 * @param testVoiceFraction share of each language's voices held out for the test pool
 * @param spectrogram       STFT parameters and output grid of the audio modality
 */
public record AvDigitsConfig(long seed, int trainSize, int validationSize, int testSize, double snrMinDb,
                             double snrMaxDb, double gainMinDb, double gainMaxDb, int sampleRate,
                             List<String> espeakLanguages, List<String> espeakVariants, List<String> fliteVoices,
                             boolean recordedVoices, double testVoiceFraction, SpectrogramConfig spectrogram) {

    /** Format version of the cache; bump when the build recipe changes so old caches are not reused. */
    public static final int RECIPE_VERSION = 2;
    private static final List<String> ALL_LANGUAGES = DigitWords.languages();
    private static final List<String> FLITE = List.of("awb", "kal", "rms", "slt");

    public AvDigitsConfig {
        espeakLanguages = List.copyOf(espeakLanguages);
        espeakVariants = List.copyOf(espeakVariants);
        fliteVoices = List.copyOf(fliteVoices);
        if (trainSize < 1 || validationSize < 0 || testSize < 1) {
            throw new IllegalArgumentException("AV-Digits sizes must be train >= 1, validation >= 0, test >= 1; got "
                    + trainSize + ", " + validationSize + ", " + testSize);
        }
        if (trainSize + validationSize > 60_000 || testSize > 10_000) {
            throw new IllegalArgumentException("MNIST has 60000 train and 10000 test images; asked for train + validation = "
                    + (trainSize + validationSize) + " and test = " + testSize);
        }
        if (!(snrMinDb <= snrMaxDb) || !(gainMinDb <= gainMaxDb) || !Double.isFinite(snrMaxDb - snrMinDb)) {
            throw new IllegalArgumentException("SNR range [" + snrMinDb + ", " + snrMaxDb + "] dB and gain range ["
                    + gainMinDb + ", " + gainMaxDb + "] dB must be finite with min <= max");
        }
        if (!(testVoiceFraction > 0 && testVoiceFraction < 1)) {
            throw new IllegalArgumentException("test voice fraction must be in (0, 1), got " + testVoiceFraction);
        }
        for (String lang : espeakLanguages) {
            DigitWords.word(lang, 0);
        }
    }

    /**
     * The default: 18,000 train / 2,000 validation / 4,000 test, all 10 espeak-ng languages x 8
     * variants, 4 flite and the recorded voices, SNR 0-10 dB: 306 MB of u1 arrays, built in about
     * 50 s of CPU once the voices are synthesised.
     */
    public static AvDigitsConfig standard() {
        return new AvDigitsConfig(20_240_601L, 18_000, 2_000, 4_000, 0, 10, -12, 0, 8000, ALL_LANGUAGES,
                List.of("m1", "m2", "m3", "m4", "f1", "f2", "f3", "klatt"), FLITE, true, 0.25,
                SpectrogramConfig.avMnist());
    }

    /** For the demo: 3,000 / 500 / 1,000 samples, 10 languages x 4 variants; about 60 MB, builds in seconds once sources are cached. */
    public static AvDigitsConfig small() {
        return standard().withSizes(3_000, 500, 1_000).withVoices(ALL_LANGUAGES, List.of("m1", "m3", "f1", "f3"));
    }

    /** For integration tests: 200 / 50 / 100 samples, 3 languages x 2 variants, 2 flite voices. */
    public static AvDigitsConfig tiny() {
        return new AvDigitsConfig(7L, 200, 50, 100, 0, 10, -12, 0, 8000, List.of("en", "es", "it"), List.of("m3", "f2"),
                List.of("kal", "slt"), true, 0.25, SpectrogramConfig.avMnist());
    }

    /** The preset called {@code name} (standard, small, tiny). */
    public static AvDigitsConfig preset(String name) {
        return switch (name) {
            case "standard" -> standard();
            case "small" -> small();
            case "tiny" -> tiny();
            default -> throw new IllegalArgumentException("unknown AV-Digits preset '" + name
                    + "'; expected standard, small or tiny");
        };
    }

    public AvDigitsConfig withSizes(int train, int validation, int test) {
        return new AvDigitsConfig(seed, train, validation, test, snrMinDb, snrMaxDb, gainMinDb, gainMaxDb, sampleRate,
                espeakLanguages, espeakVariants, fliteVoices, recordedVoices, testVoiceFraction, spectrogram);
    }

    public AvDigitsConfig withSnr(double minDb, double maxDb) {
        return new AvDigitsConfig(seed, trainSize, validationSize, testSize, minDb, maxDb, gainMinDb, gainMaxDb,
                sampleRate, espeakLanguages, espeakVariants, fliteVoices, recordedVoices, testVoiceFraction, spectrogram);
    }

    public AvDigitsConfig withSeed(long newSeed) {
        return new AvDigitsConfig(newSeed, trainSize, validationSize, testSize, snrMinDb, snrMaxDb, gainMinDb, gainMaxDb,
                sampleRate, espeakLanguages, espeakVariants, fliteVoices, recordedVoices, testVoiceFraction, spectrogram);
    }

    public AvDigitsConfig withVoices(List<String> languages, List<String> variants) {
        return new AvDigitsConfig(seed, trainSize, validationSize, testSize, snrMinDb, snrMaxDb, gainMinDb, gainMaxDb,
                sampleRate, languages, variants, fliteVoices, recordedVoices, testVoiceFraction, spectrogram);
    }

    /** A canonical text of every field and the recipe version: equal keys mean equal builds. */
    public String key() {
        return "av-digits recipe " + RECIPE_VERSION + "; " + this;
    }

    /** The first 16 hex digits of SHA-256 of {@link #key()}: the cache folder name. */
    public String hash() {
        return Checksums.sha256(key()).substring(0, 16);
    }
}
