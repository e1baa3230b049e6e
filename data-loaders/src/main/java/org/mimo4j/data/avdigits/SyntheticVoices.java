package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Synthetic voices: espeak-ng (one voice per language + variant, speaking {@link DigitWords}) and
 * flite (English voices). Both are deterministic for a given program version, so the WAVs are
 * cached under a folder named after that version and only missing ones are synthesised, a few
 * processes at a time (each call is short and mostly start-up).
 */
public final class SyntheticVoices {
    private static final int PARALLEL_CALLS = 4;

    private SyntheticVoices() {
    }

    /** espeak-ng voices for every language x variant, e.g. {@code de+m3}. */
    public static List<VoiceFiles> espeak(Path sources, String version, List<String> languages, List<String> variants,
                                          Progress progress) throws IOException {
        Path dir = sources.resolve("voices").resolve(safe("espeak-ng " + version));
        List<VoiceFiles> voices = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (String lang : languages) {
            for (String variant : variants) {
                String name = lang + "+" + variant;
                List<Path> wavs = new ArrayList<>();
                for (int d = 0; d < 10; d++) {
                    Path wav = dir.resolve(name).resolve(d + ".wav");
                    wavs.add(wav);
                    Path text = dir.resolve(name).resolve(d + ".txt");
                    String word = DigitWords.word(lang, d);
                    jobs.add(new Job(wav, word, text, List.of("espeak-ng", "-b", "1", "-v", name,
                            "-f", text.toAbsolutePath().toString(), "-w")));
                }
                voices.add(new VoiceFiles(new Voice("espeak-" + name, Voice.Family.ESPEAK, lang), wavs));
            }
        }
        synthesise(jobs, "espeak-ng", progress);
        return voices;
    }

    /** flite voices (English) such as kal, awb, rms, slt. */
    public static List<VoiceFiles> flite(Path sources, String version, List<String> names, Progress progress)
            throws IOException {
        Path dir = sources.resolve("voices").resolve(safe("flite " + version));
        List<VoiceFiles> voices = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (String name : names) {
            List<Path> wavs = new ArrayList<>();
            for (int d = 0; d < 10; d++) {
                Path wav = dir.resolve(name).resolve(d + ".wav");
                wavs.add(wav);
                Path text = dir.resolve(name).resolve(d + ".txt");
                jobs.add(new Job(wav, DigitWords.word("en", d), text, List.of("flite", "-voice", name,
                        "-f", text.toAbsolutePath().toString(), "-o")));
            }
            voices.add(new VoiceFiles(new Voice("flite-" + name, Voice.Family.FLITE, "en"), wavs));
        }
        synthesise(jobs, "flite", progress);
        return voices;
    }

    /** One synthesis call: write {@code word} to {@code text}, run {@code command + [tmp wav]}, rename. */
    private record Job(Path wav, String word, Path text, List<String> command) {
        void run() throws IOException {
            Files.createDirectories(wav.getParent());
            Files.writeString(text, word, StandardCharsets.UTF_8);
            Path tmp = wav.resolveSibling(wav.getFileName() + ".tmp.wav");
            List<String> cmd = new ArrayList<>(command);
            cmd.add(tmp.toAbsolutePath().toString());
            Tools.run(wav.getParent(), cmd);
            Files.move(tmp, wav, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void synthesise(List<Job> all, String program, Progress progress) throws IOException {
        List<Job> todo = all.stream().filter(j -> !Files.exists(j.wav())).toList();
        if (todo.isEmpty()) {
            return;
        }
        Tools.require(program);
        progress.report(program + ": synthesising " + todo.size() + " clips (" + (all.size() - todo.size()) + " cached)");
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CALLS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job j : todo) {
                futures.add(pool.submit(() -> {
                    j.run();
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + program);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(program + " synthesis failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A folder name from a version string: letters, digits, dot, dash only. */
    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9.+-]+", "_");
    }
}
