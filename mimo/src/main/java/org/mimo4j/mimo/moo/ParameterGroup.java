package org.mimo4j.mimo.moo;

/**
 * One block of a {@link GradientBank}: the gradient of one parameter tensor, with what the methods
 * need to know about it — its owner (role and modality) and whether it is a convolution kernel
 * (OGM-GE modulates only those).
 *
 * <p>Modality indices follow the objectives: objective 0 is the fused loss f_0 and objective m
 * (1..M) is modality m's unimodal loss f_m. FUSION groups use modality 0.
 *
 * @param name       the parameter's name, used in error messages (e.g. "audio.conv1.weight")
 * @param size       number of scalars in the tensor, at least 1
 * @param role       which part of the model owns the tensor
 * @param modality   1..M for ENCODER, HEAD and REPRESENTATION groups, 0 for FUSION groups
 * @param convKernel whether the tensor is a convolution kernel (4-D weight)
 */
public record ParameterGroup(String name, int size, GroupRole role, int modality, boolean convKernel) {

    public ParameterGroup {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter group needs a name");
        }
        if (size < 1) {
            throw new IllegalArgumentException("parameter group '" + name + "' has size " + size
                    + "; expected at least 1");
        }
        if (role == null) {
            throw new IllegalArgumentException("parameter group '" + name + "' needs a role");
        }
        boolean fusion = role == GroupRole.FUSION;
        if (fusion ? modality != 0 : modality < 1) {
            throw new IllegalArgumentException("parameter group '" + name + "' (" + role + ") has modality "
                    + modality + "; expected " + (fusion ? "0 for FUSION" : "1..M"));
        }
    }

    /** A non-convolution tensor of encoder {@code m}. */
    public static ParameterGroup encoder(String name, int size, int m) {
        return new ParameterGroup(name, size, GroupRole.ENCODER, m, false);
    }

    /** A convolution kernel of encoder {@code m}. */
    public static ParameterGroup encoderConv(String name, int size, int m) {
        return new ParameterGroup(name, size, GroupRole.ENCODER, m, true);
    }

    /** A tensor of modality {@code m}'s unimodal head. */
    public static ParameterGroup head(String name, int size, int m) {
        return new ParameterGroup(name, size, GroupRole.HEAD, m, false);
    }

    /** A tensor of the fusion module or fused head. */
    public static ParameterGroup fusion(String name, int size) {
        return new ParameterGroup(name, size, GroupRole.FUSION, 0, false);
    }

    /** The shared representation z_m of modality {@code m} (MGDA-UB). */
    public static ParameterGroup representation(String name, int size, int m) {
        return new ParameterGroup(name, size, GroupRole.REPRESENTATION, m, false);
    }

    /** Whether this group is a tensor of encoder {@code m}. */
    public boolean isEncoderOf(int m) {
        return role == GroupRole.ENCODER && modality == m;
    }
}
