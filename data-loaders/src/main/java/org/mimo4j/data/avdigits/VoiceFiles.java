package org.mimo4j.data.avdigits;

import java.nio.file.Path;
import java.util.List;

/** A voice and its ten source WAV files, index = digit. */
public record VoiceFiles(Voice voice, List<Path> wavs) {
    public VoiceFiles {
        if (wavs.size() != 10) {
            throw new IllegalArgumentException("voice " + voice.id() + " has " + wavs.size() + " clips; expected 10 (digits 0-9)");
        }
        wavs = List.copyOf(wavs);
    }
}
