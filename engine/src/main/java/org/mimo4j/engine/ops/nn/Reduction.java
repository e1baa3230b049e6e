package org.mimo4j.engine.ops.nn;

/** How a per-example loss is folded into one number. */
public enum Reduction {
    /** Average over the examples. */
    MEAN,
    /** Sum over the examples. */
    SUM
}
