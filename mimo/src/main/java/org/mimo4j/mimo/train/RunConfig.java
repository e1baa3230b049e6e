package org.mimo4j.mimo.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run is made of, as read from a JSON config file (see {@code configs/}) and
 * adjusted by command-line options: dataset, model, method, optimizer, budget, evaluation and backend.
 * Field initialisers are the defaults; {@link ConfigLoader} reads and {@link ConfigValidator} checks it.
 * The resolved object is written back as the run's {@code config.json}, so every run is repeatable.
 */
public final class RunConfig {
    public String name = "";
    public DatasetSpec dataset = new DatasetSpec();
    public ModelSpec model = new ModelSpec();
    public MethodSpec method = new MethodSpec();
    public OptimizerSpec optimizer = new OptimizerSpec();
    public TrainingSpec training = new TrainingSpec();
    public EvaluationSpec evaluation = new EvaluationSpec();
    /** cpu, opencl or auto (OpenCL when a device answers, else the CPU). */
    public String backend = "auto";
    /** CPU threads; 0 means all available processors. */
    public int threads = 0;

    /** Which data to train on. */
    public static final class DatasetSpec {
        public String name = "avdigits";
        /** Size preset (AV-Digits: tiny, small, standard; synthetic: tiny, small, full). */
        public String preset = "small";
        /** Where the data lives; empty means the dataset's default cache folder. */
        public String root = "";
    }

    /** Encoders per modality, fusion and feature width. */
    public static final class ModelSpec {
        /** Width of each encoder's feature vector z_m. */
        public int featureDim = 64;
        /** concat, sum, film or gated. */
        public String fusion = "concat";
        /** Modality name to encoder; modalities the dataset has but this map lacks get a default. */
        public Map<String, EncoderSpec> encoders = new LinkedHashMap<>();
    }

    /** One encoder: its architecture and size. */
    public static final class EncoderSpec {
        /** Encoder architecture (see ModelFactory.ENCODERS). */
        public String type = "mlp";
        /** Base width: hidden units (mlp). */
        public int width = 128;
        /** Hidden layers (mlp) or encoder layers (transformer). */
        public int layers = 1;
        /** Attention heads (transformer). */
        public int heads = 2;
        /** Dropout probability after each hidden layer (mlp) or inside each block (transformer); 0 for none. */
        public double dropout = 0;
    }

    /** The multi-objective method and its options (gamma, mu, beta, alpha, ...). */
    public static final class MethodSpec {
        public String name = "joint";
        public Map<String, Double> options = new LinkedHashMap<>();
    }

    /** Optimizer, learning-rate schedule and gradient clipping. */
    public static final class OptimizerSpec {
        /** sgd, adam or adamw. */
        public String name = "sgd";
        public double lr = 0.05;
        public double momentum = 0.9;
        public double weightDecay = 1e-4;
        /** constant, cosine or step. */
        public String schedule = "cosine";
        public int warmupSteps = 0;
        /** Global gradient-norm clip; 0 turns clipping off. */
        public double clipNorm = 0;
    }

    /** Budget, batching, seeding, checkpoints, early stopping. */
    public static final class TrainingSpec {
        public int epochs = 3;
        public int batchSize = 64;
        public long seed = 1;
        /** Also checkpoint every this many steps (0: only at epoch end). */
        public int checkpointEvery = 0;
        /** Stop after this many epochs without a better validation accuracy (0: never). */
        public int patience = 0;
        /** Cap on steps per epoch (0: the whole training split), to fit a time budget. */
        public int maxStepsPerEpoch = 0;
        /** Write a step record to metrics.jsonl every this many steps. */
        public int logEvery = 10;
    }

    /** How the trained model is measured. */
    public static final class EvaluationSpec {
        /** Gaussian noise standard deviations, in units of the modality's data std. */
        public double[] noiseLevels = {0.5, 1.0, 2.0};
        /** Epochs of the linear probe trained on frozen encoder features. */
        public int probeEpochs = 10;
    }
}
