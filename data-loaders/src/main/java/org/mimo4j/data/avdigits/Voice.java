package org.mimo4j.data.avdigits;

/**
 * One speaker of the audio modality, real or synthetic, with the language it speaks. Train and test
 * pools never share a voice.
 *
 * @param id       unique, file-name safe, e.g. {@code asterisk-en_US_f_Allison}, {@code espeak-de+m3}
 * @param family   where the voice comes from
 * @param language two-letter language code (the split keeps every test language present in train)
 */
public record Voice(String id, Family family, String language) {

    /** The origin of a voice. */
    public enum Family {
        /** Human recordings from the Debian Asterisk prompt packages. */
        RECORDED,
        /** espeak-ng formant synthesis, one voice per language + variant. */
        ESPEAK,
        /** flite (CMU) diphone/cluster-unit synthesis, English. */
        FLITE
    }
}
