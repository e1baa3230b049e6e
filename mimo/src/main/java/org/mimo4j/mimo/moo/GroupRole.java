package org.mimo4j.mimo.moo;

/**
 * Which part of the multi-modal model a {@link ParameterGroup} belongs to. Methods route gradients
 * by role: MMPareto and OGM-GE act on one encoder's block, Unimodal trains encoders on their own
 * objective, and the per-encoder diagnostics of a {@link StepReport} are sums over encoder groups.
 */
public enum GroupRole {
    /** A parameter tensor of encoder m (modality index 1..M). */
    ENCODER,
    /** A parameter tensor of the unimodal head of modality m (only f_m depends on it). */
    HEAD,
    /** The fusion module and fused head (only f_0 depends on it); modality index 0. */
    FUSION,
    /** A shared-representation tensor z_m (MGDA-UB banks), not a parameter. */
    REPRESENTATION
}
