/**
 * Multi-objective methods for balanced multi-modal learning: MIMO and the methods it is compared
 * with, each a pure function over a {@link org.mimo4j.mimo.moo.GradientBank} so that its subroutine
 * can be tested and timed on its own. Everything works on float arrays; nothing here needs autodiff.
 *
 * <h2>Objectives and indices</h2>
 * K = M + 1 objectives: k = 0 is the fused loss f_0, k = m (1..M) is modality m's unimodal loss f_m.
 * Modality indices in {@link org.mimo4j.mimo.moo.ParameterGroup} and
 * {@link org.mimo4j.mimo.moo.StepContext#score(int)} use the same 1..M numbering.
 *
 * <h2>How a trainer drives a method (once per step)</h2>
 * <pre>{@code
 * MultiObjectiveMethod method = new Mimo(modalities, Mimo.Options.defaults());
 * double[] losses = {f0, f1, ..., fM};                 // forward pass, detached scalars
 * StepContext ctx = StepContext.of(epoch, rng).withScores(s1, ..., sM);   // scores: OGM-GE only
 * Plan plan = method.plan(losses, ctx);
 * StepReport report;
 * switch (plan) {
 *   case Plan.BackpropWeighted p -> {                  // Joint, Uniform, MIMO penalty/hard
 *     backward(sum_k p.weights()[k] * f_k);            // one pass; the parameter grads are the update
 *     report = p.report();
 *   }
 *   case Plan.CollectGradients p -> {                  // MGDA, MMPareto, PCGrad, CAGrad, OGM-GE, ...
 *     GradientBank bank = p.newBank(groups);           // groups: one ParameterGroup per tensor
 *     for (int r = 0; r < p.rowCount(); r++) {         // one backward per row (retain the graph)
 *       backward(sum_k p.row(r)[k] * f_k);             // w.r.t. parameters, or the z_m if p.space() == REPRESENTATION
 *       copy each tensor's gradient into bank.block(r, group); bank.setLoss(r, sum_k p.row(r)[k] * f_k);
 *     }
 *     float[][] direction = bank.newDirection();
 *     report = method.combine(bank, direction, ctx);
 *     if (p.then() == Plan.Then.WRITE_DIRECTION) copy direction into the parameter grads;
 *     else backward(sum_k report.weights()[k] * f_k);  // MGDA-UB
 *   }
 * }
 * optimizer.step();
 * }</pre>
 * ({@code switch} on sealed types needs Java 21; on Java 17 use {@code instanceof} patterns.)
 *
 * <h2>Errors, determinism, threads</h2>
 * A NaN/Inf loss or gradient raises {@link org.mimo4j.mimo.moo.NonFiniteGradientException} naming
 * the objective and group before anything is written. Randomness (PCGrad order, GE noise) comes only
 * from the context's {@code Rng}. The O(K·d) and O(K²·d) passes ({@link org.mimo4j.mimo.moo.GramKernel})
 * split work into fixed chunks reduced in a fixed order, so results do not depend on the thread count.
 */
package org.mimo4j.mimo.moo;
