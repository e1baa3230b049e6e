package org.mimo4j.engine.backend;

/**
 * Geometry of scaled dot-product attention: q [batch, seqQ, dim], k [batch, seqK, dim],
 * v [batch, seqK, dimV], out [batch, seqQ, dimV], probabilities [batch, seqQ, seqK]. Heads are
 * folded into the batch axis by the caller.
 */
public record AttentionShape(int batch, int seqQ, int seqK, int dim, int dimV) {
    public AttentionShape {
        if (batch <= 0 || seqQ <= 0 || seqK <= 0 || dim <= 0 || dimV <= 0) {
            throw new IllegalArgumentException("attention sizes must be positive: batch=" + batch
                    + " seqQ=" + seqQ + " seqK=" + seqK + " dim=" + dim + " dimV=" + dimV);
        }
    }
}
