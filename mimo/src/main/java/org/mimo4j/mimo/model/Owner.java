package org.mimo4j.mimo.model;

import org.mimo4j.mimo.moo.ParameterGroup;

/**
 * Which part of the model a layer's parameters belong to, so a layer can register them with the
 * right {@link ParameterGroup} without knowing the model: an encoder or head of modality m (1..M),
 * or the fusion module.
 *
 * @param prefix name prefix, e.g. "encoders.audio"
 */
public record Owner(String prefix, Kind kind, int modality) {

    /** The part of the model. */
    public enum Kind { ENCODER, HEAD, FUSION }

    public static Owner encoder(String modality, int m) {
        return new Owner("encoders." + modality, Kind.ENCODER, m);
    }

    public static Owner head(String modality, int m) {
        return new Owner("heads." + modality, Kind.HEAD, m);
    }

    public static Owner fusion() {
        return new Owner("fusion", Kind.FUSION, 0);
    }

    /** The group for a tensor named {@code prefix.local} with {@code size} scalars and {@code rank} axes. */
    public ParameterGroup group(String local, int size, int rank) {
        String name = prefix + "." + local;
        return switch (kind) {
            case ENCODER -> rank == 4 ? ParameterGroup.encoderConv(name, size, modality)
                    : ParameterGroup.encoder(name, size, modality);
            case HEAD -> ParameterGroup.head(name, size, modality);
            case FUSION -> ParameterGroup.fusion(name, size);
        };
    }
}
