package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real human voices: the digit prompts 0-9 of the Debian Asterisk sound packages (8 kHz GSM
 * telephone recordings, CC BY-SA 3.0), downloaded with {@code apt-get download}, unpacked with
 * {@code dpkg -x} (nothing is installed) and converted to 16-bit WAV with sox.
 */
public final class RecordedVoices {
    /** Required packages: one professional voice each for en, es, fr, it, ru. */
    public static final List<String> PACKAGES = List.of("asterisk-core-sounds-en-gsm", "asterisk-core-sounds-es-gsm",
            "asterisk-core-sounds-fr-gsm", "asterisk-core-sounds-it-gsm", "asterisk-core-sounds-ru-gsm");
    /** A second Italian voice, used when the distribution has it. */
    public static final String OPTIONAL_PACKAGE = "asterisk-prompt-it-menardi-gsm";

    private RecordedVoices() {
    }

    /**
     * Ensures the packages are downloaded and converted under {@code sources}, recording each
     * .deb's file name and SHA-256 into {@code provenance}.
     */
    public static List<VoiceFiles> fetch(Path sources, Map<String, String> provenance, Progress progress) throws IOException {
        provenance.put("asterisk.packages", String.join(" ", PACKAGES) + " " + OPTIONAL_PACKAGE + "(optional)");
        Path debs = sources.resolve("debs");
        Files.createDirectories(debs);
        for (String pkg : PACKAGES) {
            download(debs, pkg, true, progress);
        }
        download(debs, OPTIONAL_PACKAGE, false, progress);
        Path root = sources.resolve("asterisk");
        List<Path> debFiles = listDebs(debs);
        for (Path deb : debFiles) {
            provenance.put("deb." + deb.getFileName(), Checksums.sha256(deb));
            Path marker = root.resolve(".extracted-" + deb.getFileName());
            if (!Files.exists(marker)) {
                Files.createDirectories(root);
                Tools.run(root, List.of("dpkg", "-x", deb.toAbsolutePath().toString(), root.toAbsolutePath().toString()));
                Files.writeString(marker, "");
            }
        }
        return convert(root.resolve("usr/share/asterisk/sounds"), sources.resolve("voices/asterisk"), progress);
    }

    private static void download(Path debs, String pkg, boolean required, Progress progress) throws IOException {
        try (Stream<Path> s = Files.list(debs)) {
            if (s.anyMatch(p -> p.getFileName().toString().startsWith(pkg + "_"))) {
                return;
            }
        }
        progress.report("downloading " + pkg + " (apt-get download)");
        try {
            Tools.run(debs, List.of("apt-get", "download", pkg));
        } catch (ToolException e) {
            if (required) {
                throw new ToolException(e.getMessage() + "\nIf apt cannot locate the package, run `sudo apt-get update`"
                        + " (the package is in Debian/Ubuntu main as " + pkg + ").");
            }
            progress.report("optional voice package " + pkg + " not available; continuing without it");
        }
    }

    private static List<Path> listDebs(Path debs) throws IOException {
        try (Stream<Path> s = Files.list(debs)) {
            return s.filter(p -> p.toString().endsWith(".deb")).sorted().toList();
        }
    }

    private static List<VoiceFiles> convert(Path sounds, Path out, Progress progress) throws IOException {
        List<Path> voiceDirs;
        try (Stream<Path> s = Files.list(sounds)) {
            voiceDirs = s.filter(d -> Files.exists(d.resolve("digits/0.gsm"))).sorted().toList();
        }
        List<VoiceFiles> voices = new ArrayList<>();
        for (Path dir : voiceDirs) {
            String name = dir.getFileName().toString();
            List<Path> wavs = new ArrayList<>();
            for (int d = 0; d < 10; d++) {
                Path gsm = dir.resolve("digits/" + d + ".gsm");
                Path wav = out.resolve(name).resolve(d + ".wav");
                if (!Files.exists(wav)) {
                    Files.createDirectories(wav.getParent());
                    Path tmp = wav.resolveSibling(d + ".tmp.wav");
                    Tools.run(out, List.of("sox", gsm.toAbsolutePath().toString(), "-b", "16", "-c", "1",
                            tmp.toAbsolutePath().toString()));
                    Files.move(tmp, wav, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                wavs.add(wav);
            }
            voices.add(new VoiceFiles(new Voice("asterisk-" + name, Voice.Family.RECORDED, name.substring(0, 2)), wavs));
        }
        progress.report("recorded voices: " + voices.size() + " (" + String.join(", ",
                voices.stream().map(v -> v.voice().id()).toList()) + ")");
        return voices;
    }
}
