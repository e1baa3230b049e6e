package org.mimo4j.bench.subroutine;

import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.mimo.moo.GradientBank;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.Plan;
import org.mimo4j.mimo.moo.StepContext;
import org.mimo4j.mimo.moo.StepReport;
import org.mimo4j.mimo.moo.SyntheticBank;
import org.mimo4j.mimo.moo.Workers;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/*
 * Question: how long does each method's subroutine take — the work between "the gradients it asked
 * for are available" and "the combined gradient is written" — on the same inputs?
 *
 * Every method sees the same fixed-seed bank of K = M + 1 per-objective gradients over d parameters
 * with realistic conflicts (SyntheticBank: negative cosines between f_0 and the later objectives).
 * A method whose plan asks for weighted rows (MIMO minnorm, Unimodal) gets those rows precomputed
 * from the bank in @Setup, as its backward passes would give them. A step is plan(losses) followed by
 * combine(bank) when the plan collects gradients. MIMO penalty/hard, Joint and Uniform backpropagate a
 * weighted loss, so their whole subroutine is the O(M) weight computation in plan(): that is the
 * asymmetry the MIMO paper measures, and this table states it as measured here. Backward passes are
 * NOT included (see bench/train for full steps; the step count is in the report's "passes").
 *
 * Read: average time per step; ratio to "mimo" at the same K and d is what the report generator
 * prints. Secondary: solverIterations (MGDA Frank-Wolfe, CAGrad projected gradient) and gradientBytes
 * (bytes of gradient input per step, as a rate) via @AuxCounters. ogm-ge needs K >= 3 and mgda-ub
 * expects a representation bank; add them with -p method=... where relevant. Warm-up is long on
 * purpose: the Vector API kernels run orders of magnitude slower until C2 has compiled them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g", "-XX:+UseParallelGC"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SubroutineBenchmark {
    private static final long SEED = 20251106L;

    @Param({"mimo", "mimo-hard", "mimo-minnorm", "joint", "uniform", "unimodal", "mgda", "mgda-l2", "mmpareto",
        "pcgrad", "cagrad"})
    public String method;

    @Param({"2", "3", "4", "8"})
    public int objectives;

    @Param({"10000", "100000", "1000000", "10000000"})
    public int d;

    @Param({"2"})
    public int threads;

    private MultiObjectiveMethod subject;
    private double[] losses;
    private GradientBank bank;
    private float[][] out;
    private StepContext ctx;

    /** Secondary figures per step, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long solverIterations;
        public long gradientBytes;

        @Setup(Level.Iteration)
        public void reset() {
            solverIterations = 0;
            gradientBytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        int modalities = objectives - 1;
        GradientBank perObjective = SyntheticBank.conflicting(SEED, modalities, d);
        losses = perObjective.losses();
        double[] scores = new double[modalities];
        for (int m = 0; m < modalities; m++) {
            scores[m] = 10 + 5 * m;
        }
        ctx = new StepContext(0, scores, new Rng(SEED), new Workers(threads), false);
        subject = BenchMethods.create(method, modalities);
        Plan plan = subject.plan(losses, ctx);
        if (plan instanceof Plan.CollectGradients collect) {
            bank = isIdentity(collect.rows()) ? perObjective : perObjective.combineRows(collect.rowNames(), collect.rows());
            out = bank.newDirection();
        }
    }

    private static boolean isIdentity(double[][] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows.length != rows[i].length) {
                return false;
            }
            for (int j = 0; j < rows[i].length; j++) {
                if (rows[i][j] != (i == j ? 1 : 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Benchmark
    public void step(Counters counters, Blackhole bh) {
        Plan plan = subject.plan(losses, ctx);
        if (plan instanceof Plan.CollectGradients) {
            StepReport report = subject.combine(bank, out, ctx);
            counters.solverIterations += report.solverIterations();
            counters.gradientBytes += 4L * bank.rows() * bank.totalSize();
            bh.consume(report);
            bh.consume(out);
        } else {
            bh.consume(plan);
        }
    }
}
