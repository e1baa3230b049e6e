package org.mimo4j.mimo.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

import org.mimo4j.data.Modality;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.optim.LrSchedule;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.InputNormalizer;
import org.mimo4j.mimo.model.ModelFactory;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.StepContext;

/**
 * Training steps of the AV-Digits model as a run builds it (configs/avdigits-mimo.json's model and
 * optimizer sections: LeNet on the 1x28x28 image, a one-layer MLP on the 1x112x112 spectrogram, concat
 * fusion, a head per modality, Adam with the cosine schedule, inputs standardised by fitted statistics)
 * and as {@link Trainer} runs them: {@link Objectives#forward}, the method's plan carried out by
 * {@link StepExecutor}, the learning rate from the schedule, the optimizer step. The batch is random
 * data of the dataset's shapes, the same values every step, arriving each step as new host tensors and
 * a new label array, as a data loader hands them over. For the device-residency tests, which run it on
 * the CPU backend and on a device backend and compare.
 */
final class AvDigitsSteps {
    static final int BATCH = 8;
    static final int CLASSES = 10;
    static final int[] IMAGE = {1, 28, 28};
    static final int[] AUDIO = {1, 112, 112};

    private AvDigitsSteps() {
    }

    /** Bytes of one batch: image and audio values and the labels as floats. */
    static long batchBytes() {
        return 4L * BATCH * (numel(IMAGE) + numel(AUDIO) + 1);
    }

    /** The K = 3 losses of each step, and how many parameter tensors the model has. */
    record Run(double[][] losses, int parameters) {
    }

    /**
     * {@code steps} steps of {@code method} (with the config's options) on the current backend, each in a
     * {@link DeviceScope} as the Trainer runs it; {@code afterStep} is told each finished step's index.
     */
    static Run train(String method, int steps, IntConsumer afterStep) {
        RunConfig c = ConfigLoader.load(ConfigLoaderTest.repositoryRoot().resolve("configs/avdigits-mimo.json"));
        c.method.name = method;
        c.method.options.keySet().retainAll(MethodFactory.optionNames(method));
        MultiModalModel model = model(c);
        MultiObjectiveMethod m = MethodFactory.create(c.method, 2);
        Optimizer opt = OptimizerFactory.optimizer(c.optimizer, model.parameters().asMap());
        LrSchedule schedule = OptimizerFactory.schedule(c.optimizer, steps);
        StepExecutor executor = new StepExecutor(model.parameters());
        Rng rng = new Rng(5);
        float[] images = uniform(rng, BATCH * numel(IMAGE));
        float[] audio = Tensor.randn(rng, BATCH * numel(AUDIO)).data().clone();
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        double[][] losses = new double[steps][];
        for (int s = 0; s < steps; s++) {
            try (DeviceScope scope = DeviceScope.open()) { // as the Trainer runs a step
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                inputs.put("image", Tensor.of(images.clone(), BATCH, 1, 28, 28));
                inputs.put("audio", Tensor.of(audio.clone(), BATCH, 1, 112, 112));
                Objectives objectives = Objectives.forward(model, inputs, labels.clone());
                losses[s] = objectives.values();
                StepContext ctx = Trainer.withOgmScores(StepContext.of(0, new Rng(1)), m, objectives.output(),
                        labels, CLASSES);
                executor.execute(m, m.plan(losses[s], ctx), objectives, ctx);
                opt.setLearningRate((float) schedule.at(opt.stepCount()));
                opt.step();
            }
            afterStep.accept(s);
        }
        return new Run(losses, model.parameters().list().size());
    }

    private static MultiModalModel model(RunConfig c) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("image", IMAGE);
        shapes.put("audio", AUDIO);
        Map<String, ModelFactory.EncoderChoice> encoders = new LinkedHashMap<>();
        for (String name : shapes.keySet()) {
            RunConfig.EncoderSpec e = c.model.encoders.get(name);
            encoders.put(name, new ModelFactory.EncoderChoice(e.type, e.width, e.layers, e.heads, e.dropout));
        }
        MultiModalModel model = ModelFactory.build(shapes, encoders, c.model.fusion, c.model.featureDim, CLASSES,
                new Rng(c.training.seed));
        Rng rng = new Rng(9);
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            byte[] samples = new byte[64 * numel(e.getValue())];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (byte) rng.nextInt(256);
            }
            model.normalize(e.getKey(), InputNormalizer.fit(Modality.ofQuantized(e.getKey(), samples, 1f / 255f, 0f,
                    e.getValue())));
        }
        return model;
    }

    private static float[] uniform(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextInt(256) / 255f;
        }
        return v;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
